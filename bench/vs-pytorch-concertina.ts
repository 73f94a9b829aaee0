/**
 * One concertina training run for bench/vs-pytorch.ts (a helper it starts, not a benchmark): builds the
 * workload's network with concertina's own layers, heads and training loop (Network.fit), writes the
 * initial weights for the PyTorch twin, trains on the dumped data and prints one JSON line of timings
 * and losses. Usage: node --import tsx bench/vs-pytorch-concertina.ts <phoneme|word|mlp> <dataDir>
 */
import * as tf from '@tensorflow/tfjs';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { selectBackend } from '../src/backend/select-backend.js';
import { PHONES } from '../src/speech/phone-set.js';
import { buildNetwork } from '../src/train/build-network.js';
import { bottleneck } from '../src/train/bottleneck.js';
import { CtcHead } from '../src/train/heads/ctc-head.js';
import { SoftmaxHead } from '../src/train/heads/softmax-head.js';
import { layerFactory, type LayerFactory } from '../src/train/layer-factory.js';
import { seededDropout } from '../src/train/layers/seeded-dropout.js';
import type { Network, NetworkData } from '../src/train/network.js';
import { weightsInLayerOrder } from '../src/train/weights-in-layer-order.js';
import type { Item, LabelValue } from '../src/core/item.js';
import { MLP, readData, SEED } from './vs-pytorch-data.js';

const [workload, dir] = process.argv.slice(2) as ['phoneme' | 'word' | 'mlp', string];
const backend = await selectBackend((process.env.CONCERTINA_BACKEND as 'wasm' | undefined) ?? 'wasm');
const { meta, features, mlpX, mlpY } = readData(dir);

/** The staged phoneme model's conv1d encoder (stages/phoneme-model, spoken-digits params, no SpecAugment). */
function phonemeTrunk(x: tf.SymbolicTensor, layers: LayerFactory): tf.SymbolicTensor {
  for (let i = 0; i < 3; i++) {
    x = tf.layers
      .conv1d({
        filters: 128,
        kernelSize: 5,
        padding: 'same',
        strides: i === 0 ? 2 : 1,
        activation: 'relu',
        kernelInitializer: layers.initializer('heNormal'),
        name: layers.name('conv'),
      })
      .apply(x) as tf.SymbolicTensor;
    x = tf.layers.batchNormalization({ momentum: 0.9, name: layers.name('norm') }).apply(x) as tf.SymbolicTensor;
    x = seededDropout(0.15, layers.seed(), layers.name('dropout')).apply(x) as tf.SymbolicTensor;
  }
  return x;
}

/** The trained lexicon decoder's conv layer on top of the phoneme stage's bottleneck (the collapsed network). */
function wordTrunk(x: tf.SymbolicTensor, layers: LayerFactory): tf.SymbolicTensor {
  x = bottleneck(phonemeTrunk(x, layers), meta.phoneUnits, layers);
  x = tf.layers
    .conv1d({
      filters: 128,
      kernelSize: 5,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: layers.initializer('heNormal'),
      name: layers.name('conv'),
    })
    .apply(x) as tf.SymbolicTensor;
  return seededDropout(0.1, layers.seed(), layers.name('dropout')).apply(x) as tf.SymbolicTensor;
}

function mlpTrunk(x: tf.SymbolicTensor, layers: LayerFactory): tf.SymbolicTensor {
  for (const units of MLP.hidden)
    x = tf.layers
      .dense({ units, activation: 'relu', kernelInitializer: layers.initializer(), name: layers.name('dense') })
      .apply(x) as tf.SymbolicTensor;
  return x;
}

function build(): { net: Network; data: NetworkData; learningRate: number; batch: number; epochs: number } {
  const layers = layerFactory(SEED, workload);
  if (workload === 'mlp') {
    const net = buildNetwork(
      { kind: 'vector', dims: [MLP.inputs] },
      (x) => mlpTrunk(x, layers),
      [
        new SoftmaxHead(
          'label',
          Array.from({ length: MLP.classes }, (_, c) => String(c)),
        ),
      ],
      layers,
      { lengthMultiple: 1, outputLength: () => 1 },
    );
    const inputs: Item[] = mlpY.map((_, e) => ({
      data: mlpX.subarray(e * MLP.inputs, (e + 1) * MLP.inputs),
      shape: [MLP.inputs],
    }));
    return {
      net,
      data: { inputs, labels: [mlpY] },
      learningRate: 0.001,
      batch: meta.mlp.batch,
      epochs: meta.mlp.epochs.length,
    };
  }
  const head =
    workload === 'phoneme'
      ? new CtcHead('phonemes', PHONES, { errorMetric: 'per' })
      : new CtcHead('words', ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], { decodeAs: 'hypotheses' });
  const net = buildNetwork(
    { kind: 'frames', dims: ['T', meta.dim] },
    (x) => (workload === 'phoneme' ? phonemeTrunk(x, layers) : wordTrunk(x, layers)),
    [head],
    layers,
    { lengthMultiple: 2, outputLength: (n) => Math.ceil(n / 2) },
  );
  let o = 0;
  const inputs: Item[] = meta.lengths.map((n) => {
    const it = { data: features.subarray(o * meta.dim, (o + n) * meta.dim), shape: [n, meta.dim] };
    o += n;
    return it;
  });
  const labels: LabelValue[] = workload === 'phoneme' ? meta.phones : meta.words.map((w) => [w]);
  return {
    net,
    data: { inputs, labels: [labels] },
    learningRate: 0.002,
    batch: meta.utterances.batch,
    epochs: meta.utterances.epochs.length,
  };
}

function dumpWeights(net: Network): void {
  // Layer order (getWeights lists trainable weights first), which the twin's tf_order follows.
  const ws = weightsInLayerOrder(net.model).map((w) => w.read());
  const shapes = ws.map((w) => w.shape);
  const flat = new Float32Array(ws.reduce((s, w) => s + w.size, 0));
  let o = 0;
  for (const w of ws) {
    flat.set(w.dataSync() as Float32Array, o);
    o += w.size;
  }
  writeFileSync(path.join(dir, `${workload}-init.f32`), flat);
  writeFileSync(path.join(dir, `${workload}-init.json`), JSON.stringify(shapes));
}

const { net, data, learningRate, batch, epochs } = build();
dumpWeights(net);
const marks: number[] = [];
const losses: number[] = [];
let firstLoss: number | undefined;
const t0 = performance.now();
await net.fit(data, undefined, {
  training: {
    epochs,
    batchSize: batch,
    optimizer: { kind: 'adam', learningRate },
    seed: SEED,
    earlyStopping: false,
  },
  reporter: {
    epoch: (e) => {
      marks.push(performance.now());
      losses.push(e.loss);
    },
    batch: (b) => {
      if (firstLoss === undefined) firstLoss = b.loss;
    },
    log: () => undefined,
  },
});
const n = data.inputs.length;
// The first epoch carries one-off costs (kernel set-up, allocations): timed apart.
const steady = (marks[marks.length - 1]! - marks[0]!) / 1000;
console.log(
  JSON.stringify({
    side: 'concertina',
    workload,
    backend: backend.reason,
    examplesPerSec: ((epochs - 1) * n) / steady,
    firstEpochSec: (marks[0]! - t0) / 1000,
    firstLoss,
    losses,
  }),
);
net.dispose();
