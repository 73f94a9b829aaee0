import test from 'ava';
import { Random } from '../../src/util/random.js';
import { STREET_OBJECTS, hsv, type StreetObject } from '../../src/vision/street-objects.js';
import { renderScene, sampleSceneLayout, sceneLabel, type SceneLayout } from '../../src/vision/street-scene.js';

/** Pixels that are strongly red (the face of a stop sign, a lit red lamp, red paint). */
function redPixels(data: Float32Array): number {
  let n = 0;
  for (let i = 0; i < data.length; i += 3) if (data[i]! > 0.6 && data[i + 1]! < 0.25 && data[i + 2]! < 0.25) n++;
  return n;
}

test('a layout holds exactly the requested objects, far ones first, and its label says which', (t) => {
  const l = sampleSceneLayout(['car', 'traffic_light'], 32, new Random(5));
  t.deepEqual(l.objects.map((o) => o.kind).sort(), ['car', 'traffic_light']);
  t.deepEqual(sceneLabel(l), [0, 1, 0, 1]);
  t.true(l.objects.every((o, i) => i === 0 || o.base >= l.objects[i - 1]!.base));
  t.deepEqual(sceneLabel(sampleSceneLayout([], 32, new Random(5))), [0, 0, 0, 0]);
  t.deepEqual(sceneLabel(sampleSceneLayout([...STREET_OBJECTS], 32, new Random(5))), [1, 1, 1, 1]);
});

test('a stop sign puts red in the picture; the same scene without objects has none', (t) => {
  for (let seed = 0; seed < 20; seed++) {
    const sign = sampleSceneLayout(['stop_sign'], 32, new Random(seed));
    const empty: SceneLayout = { ...sign, objects: [] };
    t.true(redPixels(renderScene(sign, 0, new Random(1)).data) >= 3, `seed ${seed}`);
    t.is(redPixels(renderScene(empty, 0, new Random(1)).data), 0, `seed ${seed}`);
  }
});

test('every object of a scene is visible: taking it out changes the picture', (t) => {
  const rng = new Random(11);
  let checked = 0;
  for (let k = 0; k < 150; k++) {
    const kinds = STREET_OBJECTS.filter(() => rng.next() < 0.6);
    const layout = sampleSceneLayout(kinds, 32, rng);
    const full = renderScene(layout, 0, new Random(0)).data;
    for (const o of layout.objects) {
      const without = renderScene({ ...layout, objects: layout.objects.filter((x) => x !== o) }, 0, new Random(0)).data;
      let changed = 0;
      for (let i = 0; i < full.length; i += 3) {
        const d = Math.max(
          Math.abs(full[i]! - without[i]!),
          Math.abs(full[i + 1]! - without[i + 1]!),
          Math.abs(full[i + 2]! - without[i + 2]!),
        );
        if (d > 0.15) changed++;
      }
      t.true(changed >= 4, `scene ${k}: ${o.kind} of size ${o.size.toFixed(1)} changes only ${changed} pixels`);
      checked++;
    }
  }
  t.true(checked > 250);
});

test('objects nearer the viewer (lower) are drawn larger', (t) => {
  const sizes = new Map<StreetObject, { base: number; size: number }[]>();
  const rng = new Random(2);
  for (let k = 0; k < 300; k++) {
    for (const o of sampleSceneLayout([...STREET_OBJECTS], 32, rng).objects) {
      const rel = (o.base - 0) / 32;
      sizes.set(o.kind, [...(sizes.get(o.kind) ?? []), { base: rel, size: o.size }]);
    }
  }
  for (const [kind, xs] of sizes) {
    const near = xs.filter((x) => x.base > 0.85).map((x) => x.size);
    const far = xs.filter((x) => x.base < 0.65).map((x) => x.size);
    const avg = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    t.true(
      near.length > 10 && far.length > 10 && avg(near) > avg(far) * 1.2,
      `${kind}: near ${avg(near)} far ${avg(far)}`,
    );
  }
});

test('pictures are RGB in [0, 1] of the requested size', (t) => {
  const rng = new Random(9);
  const img = renderScene(sampleSceneLayout([...STREET_OBJECTS], 48, rng), 0.2, rng);
  t.deepEqual(img.shape, [48, 48, 3]);
  t.true(img.data.every((v) => v >= 0 && v <= 1));
  t.deepEqual(hsv(0, 1, 1), [1, 0, 0]);
  t.deepEqual(
    hsv(1 / 3, 1, 1).map((v) => Math.round(v * 1e6) / 1e6),
    [0, 1, 0],
  );
});
