import test from 'ava';
import { generateScene, streetScenes, trainCount } from '../../datasets/street-scenes.js';
import { SpecError } from '../../src/errors/pipeline-error.js';
import type { StreetScenesParams } from '../../datasets/generated/street-scenes.params.js';
import { withDefaults } from '../helpers/kind-defaults.js';
import { loadWithDefaults, sameData } from '../vision/helpers.js';

const objects = (l: unknown) => l as (number | null)[];

test('describes image[32,32,3] inputs and a 4-way multi-label `objects` label with an official split', (t) => {
  const d = withDefaults(streetScenes).describe({}, {});
  t.deepEqual(d.input, { kind: 'image', dims: [32, 32, 3] });
  t.is(d.labels.objects!.kind, 'multi-label');
  t.is(d.labels.objects!.size, 4);
  t.true(d.hasOfficialSplit);
  t.deepEqual(withDefaults(streetScenes).describe({ size: 20 }, {}).input.dims, [20, 20, 3]);
});

test('defaults: 2000 scenes, 80/20 split, names in label order, values in [0, 1], fast', async (t) => {
  const start = performance.now();
  const d = await loadWithDefaults(streetScenes);
  t.log(`2000 scenes in ${(performance.now() - start).toFixed(0)} ms`);
  t.is(d.examples.length, 2000);
  t.deepEqual(d.labels.objects, {
    kind: 'multi-label',
    names: ['pedestrian', 'car', 'stop_sign', 'traffic_light'],
    size: 4,
  });
  t.is(d.examples.filter((e) => e.officialSplit === 'train').length, 1600);
  t.true(d.examples.slice(0, 1600).every((e) => e.officialSplit === 'train'));
  t.true(d.examples.every((e) => e.input.shape.join() === '32,32,3' && e.input.data.every((v) => v >= 0 && v <= 1)));
  t.is(new Set(d.examples.map((e) => e.id)).size, 2000);
});

test('the same seed gives the same scenes and labels; another seed other ones', async (t) => {
  const a = await loadWithDefaults(streetScenes, { count: 60, seed: 3 });
  const b = await loadWithDefaults(streetScenes, { count: 60, seed: 3 });
  const c = await loadWithDefaults(streetScenes, { count: 60, seed: 4 });
  t.true(a.examples.every((e, i) => sameData(e.input.data, b.examples[i]!.input.data)));
  t.deepEqual(
    a.examples.map((e) => e.labels),
    b.examples.map((e) => e.labels),
  );
  t.is(a.fingerprint, b.fingerprint);
  t.true(a.examples.every((e, i) => !sameData(e.input.data, c.examples[i]!.input.data)));
  t.not(a.fingerprint, c.fingerprint);
});

test('labels are what is drawn: test labels complete, known training entries true', async (t) => {
  const d = await loadWithDefaults(streetScenes, { count: 300 });
  const p = d.params;
  for (const [i, e] of d.examples.entries()) {
    const scene = generateScene(p, i);
    t.true(sameData(e.input.data, scene.image.data));
    t.deepEqual(scene.label, scene.layout.objects.length ? scene.label : [0, 0, 0, 0]);
    const l = objects(e.labels.objects);
    if (e.officialSplit === 'test') t.deepEqual(l, scene.label);
    else t.true(l.every((v, j) => v === null || v === scene.label[j]));
  }
});

test(
  'unknown entries appear only in training labels, at about the requested rate, ' + 'and never change the pictures',
  async (t) => {
    const d = await loadWithDefaults(streetScenes, { count: 1000, unknownRate: 0.3 });
    const train = d.examples.filter((e) => e.officialSplit === 'train').flatMap((e) => objects(e.labels.objects));
    const test_ = d.examples.filter((e) => e.officialSplit === 'test').flatMap((e) => objects(e.labels.objects));
    const rate = train.filter((v) => v === null).length / train.length;
    t.true(Math.abs(rate - 0.3) < 0.03, `unknown rate ${rate}`);
    t.false(test_.includes(null));
    const none = await loadWithDefaults(streetScenes, { count: 1000, unknownRate: 0 });
    t.false(none.examples.flatMap((e) => objects(e.labels.objects)).includes(null));
    t.true(d.examples.every((e, i) => sameData(e.input.data, none.examples[i]!.input.data)));
    const all = await loadWithDefaults(streetScenes, { count: 100, unknownRate: 1 });
    t.true(
      all.examples
        .filter((e) => e.officialSplit === 'train')
        .every((e) => objects(e.labels.objects).every((v) => v === null)),
    );
  },
);

test('objectProbability sets how often each object is present', async (t) => {
  const half = await loadWithDefaults(streetScenes, { count: 800, unknownRate: 0 });
  const present = half.examples.flatMap((e) => objects(e.labels.objects)).filter((v) => v === 1).length / (800 * 4);
  t.true(Math.abs(present - 0.5) < 0.04, `present ${present}`);
  const never = await loadWithDefaults(streetScenes, { count: 50, objectProbability: 0, unknownRate: 0 });
  t.true(never.examples.every((e) => objects(e.labels.objects).every((v) => v === 0)));
  const always = await loadWithDefaults(streetScenes, { count: 50, objectProbability: 1, unknownRate: 0 });
  t.true(always.examples.every((e) => objects(e.labels.objects).every((v) => v === 1)));
});

test('a scene does not depend on how many are generated; the split follows testFraction', async (t) => {
  const p: Partial<StreetScenesParams> = { count: 100, testFraction: 0.5, size: 24, seed: 2 };
  const d = await loadWithDefaults(streetScenes, p);
  t.is(trainCount(d.params), 50);
  t.is(d.examples.filter((e) => e.officialSplit === 'test').length, 50);
  t.true(sameData(d.examples[10]!.input.data, generateScene({ ...d.params, count: 7 }, 10).image.data));
  t.deepEqual(d.examples[0]!.input.shape, [24, 24, 3]);
});

test('params are checked against the schema', async (t) => {
  const e = await t.throwsAsync(loadWithDefaults(streetScenes, { count: 5, colour: 'red' }), { instanceOf: SpecError });
  t.is(e!.problems.length, 2);
});
