import { SpecError } from '../errors/pipeline-error.js';
import type { PipelineSpec } from '../spec/generated/pipeline-spec.js';
import { modeOf } from '../spec/spec-mode.js';
import type { Mode } from '../core/mode.js';

/** One trial of an ablation: the base spec with these values set. */
export interface Trial {
  readonly id: string;
  readonly arm: string;
  readonly mode: Mode;
  readonly trainFraction: number;
  readonly seed: number;
  /** Grid values of this trial (spec path -> value). */
  readonly params: Readonly<Record<string, unknown>>;
  /** Every value the trial sets on the base spec (arm settings, mode, fraction, seed, grid values). */
  readonly set: Readonly<Record<string, unknown>>;
}

/** An arm: a named variant of the spec (a mode, a transfer or multi-task setting...). */
export interface Arm {
  readonly name: string;
  readonly set: Readonly<Record<string, unknown>>;
}

/** What the command line may override in the spec's ablation block. */
export interface GridOptions {
  readonly modes?: readonly Mode[];
  readonly arms?: readonly string[];
  readonly trainFractions?: readonly number[];
  readonly seeds?: readonly number[];
  /** spec path -> values (the CLI's --grid path=v1,v2). */
  readonly grid?: Readonly<Record<string, readonly unknown[]>>;
}

/**
 * Expands an ablation into trials: arms x training fractions x seeds x every combination of grid
 * values. Pure; the order puts the cheapest trials (small fractions) first and keeps seeds together.
 */
export function expandTrials(spec: PipelineSpec, o: GridOptions = {}): Trial[] {
  const a = spec.ablation ?? {};
  let arms: Arm[] = o.modes
    ? o.modes.map((m) => ({ name: m, set: { mode: m } }))
    : (a.arms?.map((x) => ({ name: x.name, set: x.set ?? {} })) ??
      (a.modes ?? [modeOf(spec)]).map((m) => ({ name: m, set: { mode: m } })));
  if (o.arms) arms = arms.filter((x) => o.arms!.includes(x.name));
  const fractions = [...(o.trainFractions ?? a.trainFractions ?? [spec.dataset.trainFraction ?? 1])].sort(
    (x, y) => x - y,
  );
  const seeds = o.seeds ?? a.seeds ?? [spec.training?.seed ?? 1];
  const grid = { ...(a.grid ?? {}), ...(o.grid ?? {}) } as Record<string, readonly unknown[]>;
  const combos = cartesian(Object.entries(grid));
  const trials: Trial[] = [];
  for (const f of fractions) {
    for (const arm of arms) {
      for (const seed of seeds) {
        for (const params of combos) {
          const mode = modeOf(spec, arm.set.mode as Mode | undefined);
          const suffix = Object.entries(params)
            .map(([k, v]) => `__${k.split('.').pop()}=${String(v)}`)
            .join('');
          trials.push({
            id: sanitize(`${arm.name}__f${f}__s${seed}${suffix}`),
            arm: arm.name,
            mode,
            trainFraction: f,
            seed,
            params,
            set: { ...arm.set, mode, 'dataset.trainFraction': f, 'training.seed': seed, ...params },
          });
        }
      }
    }
  }
  const ids = new Set<string>();
  for (const t of trials) {
    if (ids.has(t.id))
      throw new SpecError([
        {
          code: 'duplicate-trial',
          pointer: '/ablation',
          message: `two trials share the id ${t.id}`,
          hint: 'give every arm a unique name, and no grid value twice',
        },
      ]);
    ids.add(t.id);
  }
  return trials;
}

function cartesian(entries: [string, readonly unknown[]][]): Record<string, unknown>[] {
  let out: Record<string, unknown>[] = [{}];
  for (const [k, values] of entries) out = out.flatMap((o) => values.map((v) => ({ ...o, [k]: v })));
  return out;
}

function sanitize(s: string): string {
  return s.replace(/[^A-Za-z0-9_.=-]/g, '_');
}
