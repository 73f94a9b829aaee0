import test from 'ava';
import type { Example } from '../../src/data/dataset.js';
import { splitExamples } from '../../src/data/split.js';
import { augmentDataset } from '../../src/data/augment.js';
import { PipelineError } from '../../src/errors/pipeline-error.js';

function examples(): Example[] {
  const out: Example[] = [];
  for (const speaker of ['a', 'b', 'c', 'd']) {
    for (let w = 0; w < 5; w++) {
      for (let take = 0; take < 10; take++) {
        out.push({
          id: `${w}_${speaker}_${take}`,
          input: { data: new Float32Array(100).fill(0.1 * (w + 1)), shape: [100, 1] },
          labels: { words: [w] },
          group: speaker,
          officialSplit: take < 2 ? 'test' : 'train',
        });
      }
    }
  }
  return out;
}

const ds = (extra: object = {}) => ({ kind: 'x', split: { kind: 'official' as const }, ...extra });

test('official split, then a stratified validation hold-out from training', (t) => {
  const ex = examples();
  const s = splitExamples(ex, ds(), 1);
  t.is(s.test.length, 40);
  t.is(s.train.length + s.validation.length, 160);
  t.is(s.validation.length, 15); // 10% per word, rounded per stratum
  t.true(s.test.every((i) => ex[i]!.officialSplit === 'test'));
  t.is(new Set([...s.train, ...s.validation, ...s.test]).size, 200);
});

test('speaker-independent splits hold out whole speakers, and only them', (t) => {
  const ex = examples();
  const s = splitExamples(ex, ds({ split: { kind: 'leave-one-group-out', heldOut: 'c' } }), 1);
  t.true(s.test.every((i) => ex[i]!.group === 'c'));
  t.is(s.test.length, 50);
  t.false([...s.train, ...s.validation].some((i) => ex[i]!.group === 'c'));
  const two = splitExamples(ex, ds({ split: { kind: 'by-group', test: ['a', 'd'] } }), 1);
  t.deepEqual(new Set(two.test.map((i) => ex[i]!.group)), new Set(['a', 'd']));
  t.throws(() => splitExamples(ex, ds({ split: { kind: 'by-group', test: ['z'] } }), 1), {
    instanceOf: PipelineError,
    message: /no group \(speaker\) `z`/,
  });
  t.throws(() => splitExamples(ex, ds({ split: { kind: 'by-group', test: ['a', 'b', 'c', 'd'] } }), 1), {
    instanceOf: PipelineError,
    message: /nothing is left to train on/,
  });
});

test('training subsets are stratified, seeded and nested across fractions', (t) => {
  const ex = examples();
  const small = splitExamples(ex, ds({ trainFraction: 0.1, validationFraction: 0 }), 3);
  const large = splitExamples(ex, ds({ trainFraction: 0.5, validationFraction: 0 }), 3);
  t.is(small.train.length, 15); // round(32 * 0.1) = 3 per word
  const perWord = new Map<number, number>();
  for (const i of small.train)
    perWord.set((ex[i]!.labels.words as number[])[0]!, (perWord.get((ex[i]!.labels.words as number[])[0]!) ?? 0) + 1);
  t.deepEqual([...perWord.values()], [3, 3, 3, 3, 3]);
  t.true(
    small.train.every((i) => large.train.includes(i)),
    'the 10% subset is inside the 50% subset',
  );
  const other = splitExamples(ex, ds({ trainFraction: 0.1, validationFraction: 0 }), 4);
  t.notDeepEqual(small.train, other.train);
});

test('augmented copies join training only, and only for training examples', (t) => {
  const base = examples();
  const aug = augmentDataset(
    { examples: base, labels: {}, skipped: [], fingerprint: 'f' },
    { copies: 2, speed: [0.8, 1.2], gainDb: [0, 0] },
    1,
  );
  t.is(aug.examples.length, 600);
  const copy = aug.examples[200]!;
  t.is(copy.augmentOf, base[0]!.id);
  t.not(copy.input.shape[0], 100, 'speed changes the length');
  const again = augmentDataset(
    { examples: base, labels: {}, skipped: [], fingerprint: 'f' },
    { copies: 2, speed: [0.8, 1.2], gainDb: [0, 0] },
    1,
  );
  t.deepEqual(Array.from(again.examples[250]!.input.data), Array.from(aug.examples[250]!.input.data), 'deterministic');
  const s = splitExamples(aug.examples, ds({ trainFraction: 0.5 }), 1);
  const originals = new Set(
    s.train.filter((i) => aug.examples[i]!.augmentOf === undefined).map((i) => aug.examples[i]!.id),
  );
  const copies = s.train.filter((i) => aug.examples[i]!.augmentOf !== undefined);
  t.is(copies.length, originals.size * 2);
  t.true(copies.every((i) => originals.has(aug.examples[i]!.augmentOf!)));
  t.false([...s.validation, ...s.test].some((i) => aug.examples[i]!.augmentOf !== undefined));
});
