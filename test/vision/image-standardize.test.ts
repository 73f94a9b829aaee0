import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { ImageStandardize, imageStandardize } from '../../src/train/layers/image-standardize.js';

test('each image comes out with mean 0 and standard deviation 1; a flat image as zeros', (t) => {
  const before = tf.memory().numTensors;
  const x = tf.tensor4d(
    [...Array.from({ length: 12 }, (_, i) => 0.5 + 0.01 * i), ...new Array<number>(12).fill(0.7)],
    [2, 2, 2, 3],
  );
  const y = imageStandardize().apply(x) as tf.Tensor;
  const [a, b] = tf.tidy(() => [Array.from(y.slice([0], [1]).dataSync()), Array.from(y.slice([1], [1]).dataSync())]);
  const mean = a.reduce((s, v) => s + v, 0) / a.length;
  const sd = Math.sqrt(a.reduce((s, v) => s + (v - mean) ** 2, 0) / a.length);
  t.true(Math.abs(mean) < 1e-5 && Math.abs(sd - 1) < 1e-3, `mean ${mean} sd ${sd}`);
  t.true(b.every((v) => v === 0));
  tf.dispose([x, y]);
  t.is(tf.memory().numTensors, before);
});

test('brightness and contrast no longer matter: a dim inverted copy standardises to the negated image', (t) => {
  const img = Array.from({ length: 16 }, (_, i) => (i % 5 === 0 ? 1 : 0));
  const dim = img.map((v) => 0.6 - 0.2 * v);
  const out = tf.tidy(
    () =>
      (
        imageStandardize().apply(tf.tensor4d([...img, ...dim], [2, 4, 4, 1])) as tf.Tensor
      ).arraySync() as number[][][][],
  );
  const flat = out.map((im) => im.flat(2));
  t.true(flat[0]!.every((v, i) => Math.abs(v + flat[1]![i]!) < 1e-3));
});

test('the layer has no weights, passes gradients and survives a model save and load', async (t) => {
  const input = tf.input({ shape: [4, 4, 1] });
  const model = tf.model({
    inputs: input,
    outputs: tf.layers.flatten().apply(imageStandardize('std').apply(input)) as tf.SymbolicTensor,
  });
  t.is(model.getWeights().length, 0);
  const x = tf.tensor4d(
    Array.from({ length: 32 }, (_, i) => Math.sin(i)),
    [2, 4, 4, 1],
  );
  const g = tf.grad((v: tf.Tensor) => (model.apply(v) as tf.Tensor).mul(tf.range(0, 16).reshape([1, 16])).sum())(x);
  t.true(g.dataSync().every(Number.isFinite) && g.abs().sum().dataSync()[0]! > 0);
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(
      async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }),
    ),
  );
  t.true(JSON.stringify(saved!.modelTopology).includes(ImageStandardize.className));
  const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
  const [a, b] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
  t.deepEqual(a.dataSync(), b.dataSync());
  tf.dispose([x, g, a, b]);
  model.dispose();
  loaded.dispose();
});
