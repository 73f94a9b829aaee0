import test from 'ava';
import { generateShape, shapesDataset } from '../../datasets/shapes.js';
import { SpecError } from '../../src/errors/pipeline-error.js';
import { SHAPE_NAMES } from '../../src/vision/shape-library.js';
import { paramsFor, withDefaults } from '../helpers/kind-defaults.js';
import { loadWithDefaults, mean, sameData } from '../vision/helpers.js';

/** Median of values. */
const median = (x: Float32Array) => Float32Array.from(x).sort()[x.length >> 1]!;

test('describes image[28,28,1] inputs and a `shape` class label over the chosen classes', (t) => {
  const d = withDefaults(shapesDataset).describe({}, {});
  t.deepEqual(d.input, { kind: 'image', dims: [28, 28, 1] });
  t.deepEqual(d.labels.shape, { kind: 'class', size: 10, description: 'which shape is drawn' });
  t.is(withDefaults(shapesDataset).describe({ classes: ['star', 'ring'], size: 40 }, {}).labels.shape!.size, 2);
  t.deepEqual(withDefaults(shapesDataset).describe({ size: 40 }, {}).input.dims, [40, 40, 1]);
});

test('defaults: all ten shapes, 300 each, 80/20 per class, plain style', async (t) => {
  const start = performance.now();
  const d = await loadWithDefaults(shapesDataset);
  t.log(`3000 shapes in ${(performance.now() - start).toFixed(0)} ms`);
  t.is(d.examples.length, 3000);
  t.deepEqual(d.labels.shape!.names, [...SHAPE_NAMES]);
  for (let c = 0; c < 10; c++) {
    const of = d.examples.filter((e) => e.labels.shape === c);
    t.is(of.length, 300);
    t.is(of.filter((e) => e.officialSplit === 'test').length, 60);
    t.true(of.every((e) => e.id.startsWith(SHAPE_NAMES[c]! + '-')));
  }
  t.true(d.examples.every((e) => e.input.shape.join() === '28,28,1' && e.input.data.every((v) => v >= 0 && v <= 1)));
});

test('the same seed gives the same images; another seed or style other ones', async (t) => {
  const p = { perClass: 5, classes: ['circle', 'star', 'heart'] };
  const a = await loadWithDefaults(shapesDataset, p);
  const b = await loadWithDefaults(shapesDataset, p);
  const c = await loadWithDefaults(shapesDataset, { ...p, seed: 8 });
  const x = await loadWithDefaults(shapesDataset, { ...p, style: 'xray' });
  t.true(a.examples.every((e, i) => sameData(e.input.data, b.examples[i]!.input.data)));
  t.true(a.examples.every((e, i) => !sameData(e.input.data, c.examples[i]!.input.data)));
  t.true(a.examples.every((e, i) => !sameData(e.input.data, x.examples[i]!.input.data)));
  t.is(a.fingerprint, b.fingerprint);
  t.not(a.fingerprint, x.fingerprint);
});

test('a class subset relabels 0..n-1 in the given order and draws the same images of each shape', async (t) => {
  const all = await loadWithDefaults(shapesDataset, { perClass: 4 });
  const sub = await loadWithDefaults(shapesDataset, { perClass: 4, classes: ['heart', 'cross'] });
  t.deepEqual(sub.labels.shape!.names, ['heart', 'cross']);
  t.deepEqual(
    sub.examples.map((e) => e.labels.shape),
    [0, 0, 0, 0, 1, 1, 1, 1],
  );
  for (const e of sub.examples) {
    const same = all.examples.find((f) => f.id === e.id)!;
    t.true(sameData(e.input.data, same.input.data), e.id);
    t.is(all.labels.shape!.names[same.labels.shape as number], sub.labels.shape!.names[e.labels.shape as number]);
  }
});

test('plain images are a bright shape on black, xray ones a faint dark shape on light film', async (t) => {
  const plain = await loadWithDefaults(shapesDataset, { perClass: 10 });
  const xray = await loadWithDefaults(shapesDataset, { perClass: 10, style: 'xray' });
  for (const e of plain.examples) {
    t.true(median(e.input.data) < 0.15, `${e.id} background`);
    t.true(Math.max(...e.input.data) > 0.7, `${e.id} shape`);
  }
  for (const e of xray.examples) {
    const sorted = Float32Array.from(e.input.data).sort();
    const spread = mean(sorted.slice(-100)) - mean(sorted.slice(0, 100));
    t.true(median(e.input.data) > 0.35, `${e.id} film`);
    t.true(spread < 0.55, `${e.id} contrast ${spread}`);
  }
  const { layout } = generateShape(paramsFor(shapesDataset, { style: 'xray' }), 'ring', 0);
  t.is(layout.shape, 'ring');
});

test('params are checked against the schema: known shapes, no duplicates, at least two', async (t) => {
  for (const classes of [['circle', 'hexagon'], ['circle', 'circle'], ['circle']]) {
    await t.throwsAsync(
      loadWithDefaults(shapesDataset, { classes }),
      { instanceOf: SpecError },
      JSON.stringify(classes),
    );
  }
  await t.throwsAsync(loadWithDefaults(shapesDataset, { style: 'sketch' }), { instanceOf: SpecError });
});
