import { PipelineError } from '../errors/pipeline-error.js';
import type { Dataset as DatasetSpec } from '../spec/generated/pipeline-spec.js';
import { Random } from '../util/random.js';
import { didYouMean } from '../util/suggest.js';
import type { Example } from './dataset.js';

/** Indices into the dataset's examples for each split. */
export interface SplitIndices {
  readonly train: readonly number[];
  readonly validation: readonly number[];
  readonly test: readonly number[];
}

/**
 * Splits examples as the spec says: train/test by the split kind, then a stratified, seeded subset of
 * train (trainFraction), then validation carved from that subset. Subsets are nested: for one seed the
 * 5% subset contains the 2% subset, so learning curves compare like with like.
 */
export function splitExamples(examples: readonly Example[], spec: DatasetSpec, seed: number): SplitIndices {
  const split = spec.split ?? { kind: 'official' };
  // Augmented copies are not examples of their own: they follow their original into training only.
  const all = examples.map((_, i) => i).filter((i) => examples[i]!.augmentOf === undefined);
  let trainPool: number[];
  let test: number[];
  switch (split.kind) {
    case 'official': {
      if (examples.some((e) => e.officialSplit === undefined)) {
        throw new PipelineError(`dataset \`${spec.kind}\` has no official split`, {
          location: { pointer: '/dataset/split' },
          hint: 'use { "kind": "random" } or a by-group split',
        });
      }
      trainPool = all.filter((i) => examples[i]!.officialSplit === 'train');
      test = all.filter((i) => examples[i]!.officialSplit === 'test');
      break;
    }
    case 'by-group':
    case 'leave-one-group-out': {
      const held = split.kind === 'by-group' ? split.test : [split.heldOut];
      const groups = [...new Set(examples.map((e) => e.group).filter((g): g is string => g !== undefined))].sort();
      if (groups.length === 0)
        throw new PipelineError(`dataset \`${spec.kind}\` has no groups (speakers) to split by`, {
          location: { pointer: '/dataset/split' },
          hint: 'use { "kind": "random" }',
        });
      for (const g of held) {
        if (!groups.includes(g))
          throw new PipelineError(`no group (speaker) \`${g}\` in the dataset`, {
            location: { pointer: '/dataset/split' },
            hint: didYouMean(g, groups, 'group'),
          });
      }
      if (held.length >= groups.length)
        throw new PipelineError('the split holds out every group: nothing is left to train on', {
          location: { pointer: '/dataset/split' },
        });
      const heldSet = new Set(held);
      test = all.filter((i) => heldSet.has(examples[i]!.group ?? ''));
      trainPool = all.filter((i) => !heldSet.has(examples[i]!.group ?? ''));
      break;
    }
    case 'random': {
      const parts = stratifiedTake(all, examples, split.testFraction ?? 0.2, new Random(seed ^ 0x5eed));
      test = parts.taken;
      trainPool = parts.rest;
      break;
    }
    default: {
      const never: never = split;
      throw new Error(`unknown split ${JSON.stringify(never)}`);
    }
  }
  const fraction = spec.trainFraction ?? 1;
  const subset =
    fraction >= 1 ? trainPool : stratifiedTake(trainPool, examples, fraction, new Random(seed ^ 0xf4ac)).taken;
  const vf = spec.validationFraction ?? 0.1;
  const val =
    vf > 0 && subset.length >= 4
      ? stratifiedTake(subset, examples, vf, new Random(seed ^ 0x7a1d), false)
      : { taken: [], rest: subset };
  const trainIds = new Set(val.rest.map((i) => examples[i]!.id));
  const copies = examples
    .map((e, i) => (e.augmentOf !== undefined && trainIds.has(e.augmentOf) ? i : -1))
    .filter((i) => i >= 0);
  return {
    train: [...val.rest, ...copies].sort((a, b) => a - b),
    validation: val.taken.sort((a, b) => a - b),
    test: test.sort((a, b) => a - b),
  };
}

/** Stratum of an example: its first label (the class, or the whole token sequence). */
function stratum(e: Example): string {
  const first = Object.values(e.labels)[0];
  return JSON.stringify(first ?? null);
}

/**
 * Takes about `fraction` of `pool` from every stratum (at least one per stratum when `atLeastOne`),
 * after a seeded shuffle of each stratum; the prefix property makes subsets nested across fractions.
 */
function stratifiedTake(
  pool: readonly number[],
  examples: readonly Example[],
  fraction: number,
  rng: Random,
  atLeastOne = true,
): { taken: number[]; rest: number[] } {
  const strata = new Map<string, number[]>();
  for (const i of pool) {
    const k = stratum(examples[i]!);
    let s = strata.get(k);
    if (!s) strata.set(k, (s = []));
    s.push(i);
  }
  if (strata.size > pool.length / 2) {
    // Labels are nearly unique (sentences): stratifying means nothing, take a plain random subset.
    const shuffled = rng.shuffle(pool);
    const n = Math.max(atLeastOne ? 1 : 0, Math.round(pool.length * fraction));
    return { taken: shuffled.slice(0, n), rest: shuffled.slice(n) };
  }
  const taken: number[] = [];
  const rest: number[] = [];
  for (const k of [...strata.keys()].sort()) {
    const members = rng.shuffle(strata.get(k)!);
    let n = Math.round(members.length * fraction);
    if (atLeastOne && n === 0 && members.length > 0) n = 1;
    if (!atLeastOne && n >= members.length) n = members.length - 1;
    taken.push(...members.slice(0, n));
    rest.push(...members.slice(n));
  }
  return { taken, rest };
}
