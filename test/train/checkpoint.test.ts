import test, { type ExecutionContext } from 'ava';
import * as tf from '@tensorflow/tfjs';
import { cpSync, existsSync, renameSync, statSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { selectBackend } from '../../src/backend/select-backend.js';
import { TrainingCheckpoint } from '../../src/train/checkpoint.js';
import { buildNetwork } from '../../src/train/build-network.js';
import { SoftmaxHead } from '../../src/train/heads/softmax-head.js';
import { layerFactory } from '../../src/train/layer-factory.js';
import { seededDropout } from '../../src/train/layers/seeded-dropout.js';
import type { Network } from '../../src/train/network.js';
import { resolveTraining } from '../../src/spec/resolved-training.js';
import type { Item } from '../../src/core/item.js';
import type { StageReporter } from '../../src/stage/stage-context.js';
import { Random } from '../../src/util/random.js';
import { tempDir } from '../helpers/temp-dir.js';

const rng = new Random(3);
const inputs: Item[] = Array.from({ length: 96 }, () => ({
  data: Float32Array.from({ length: 8 }, () => rng.normal()),
  shape: [8],
}));
const labels = inputs.map((x) => (x.data[0]! + x.data[1]! > 0 ? 1 : 0));
const training = resolveTraining({
  epochs: 6,
  batchSize: 16,
  seed: 5,
  optimizer: { kind: 'adam', learningRate: 0.01 },
  earlyStopping: { monitor: 'loss', patience: 10 },
});

function network(): Network {
  const layers = layerFactory(9, 'net');
  return buildNetwork(
    { kind: 'vector', dims: [8] },
    (x) =>
      seededDropout(0.3, layers.seed(), layers.name('drop')).apply(
        tf.layers
          .dense({ units: 16, activation: 'relu', kernelInitializer: layers.initializer(), name: layers.name('dense') })
          .apply(x) as tf.SymbolicTensor,
      ) as tf.SymbolicTensor,
    [new SoftmaxHead('y', ['a', 'b'])],
    layers,
    { lengthMultiple: 1, outputLength: (n) => n },
  );
}

const quiet = (onEpoch: (e: number) => void = () => {}): StageReporter => ({
  epoch: (e) => onEpoch(e.epoch),
  batch: () => {},
  log: () => {},
});
const weights = (n: Network) => n.model.getWeights().map((w) => Array.from(w.dataSync()));
const data = { inputs, labels: [labels] };
const val = { inputs: inputs.slice(0, 16), labels: [labels.slice(0, 16)] };

/** Trains a fresh network with checkpoints, stopped at the end of `epoch`; the checkpoint folder. */
async function interruptedAt(epoch: number, t: ExecutionContext): Promise<string> {
  const dir = path.join(tempDir(), 'ckpt');
  const first = network();
  const abort = new AbortController();
  await t.throwsAsync(
    first.fit(data, val, {
      training,
      reporter: quiet((e) => e === epoch && abort.abort(new Error('stop'))),
      signal: abort.signal,
      checkpoint: new TrainingCheckpoint(dir),
      checkpointSeconds: 0,
    }),
  );
  first.dispose();
  return dir;
}

/** The weights of an uninterrupted training run. */
async function uninterrupted(): Promise<number[][]> {
  const whole = network();
  await whole.fit(data, val, { training, reporter: quiet() });
  const w = weights(whole);
  whole.dispose();
  return w;
}

/** Trains a fresh network from the checkpoint in `dir`: the epochs it ran and its final weights. */
async function resumeFrom(dir: string): Promise<{ epochs: number[]; weights: number[][] }> {
  const second = network();
  const epochs: number[] = [];
  await second.fit(data, val, {
    training,
    reporter: quiet((e) => epochs.push(e)),
    checkpoint: new TrainingCheckpoint(dir),
    checkpointSeconds: 0,
  });
  const w = weights(second);
  second.dispose();
  return { epochs, weights: w };
}

for (const backend of ['cpu', 'wasm'] as const)
  test.serial(
    `a training interrupted after epoch 3 and resumed from its checkpoint ends bit for bit like an ` +
      `uninterrupted one (${backend})`,
    async (t) => {
      await selectBackend(backend);
      const expected = await uninterrupted();
      const dir = await interruptedAt(3, t);
      t.true(existsSync(path.join(dir, 'state.json')), 'a checkpoint was left behind');
      const resumed = await resumeFrom(dir);
      t.deepEqual(resumed.epochs, [4, 5, 6], 'it continued after the last finished epoch');
      // Weights, Adam's moments and step count, the batch order's and dropout's generators are restored,
      // and Adam's bias correction is the same float32 product of betas (src/train/adam.ts).
      t.deepEqual(resumed.weights, expected);
      t.false(existsSync(dir), 'the checkpoint is removed when the stage finishes');
      await tf.setBackend('cpu');
    },
  );

/** Two hidden layers, both frozen; `beforeEpoch` unfreezes the top one before epoch 2, the other before epoch 3. */
function frozenNetwork(): { net: Network; beforeEpoch: (e: number) => void } {
  const layers = layerFactory(9, 'net');
  const net = buildNetwork(
    { kind: 'vector', dims: [8] },
    (x) => {
      const h = tf.layers
        .dense({ units: 16, activation: 'relu', kernelInitializer: layers.initializer(), name: layers.name('dense') })
        .apply(x) as tf.SymbolicTensor;
      return tf.layers
        .dense({ units: 8, activation: 'relu', kernelInitializer: layers.initializer(), name: layers.name('dense') })
        .apply(h) as tf.SymbolicTensor;
    },
    [new SoftmaxHead('y', ['a', 'b'])],
    layers,
    { lengthMultiple: 1, outputLength: (n) => n },
  );
  const trunk = net.model.layers.filter((l) => /dense/.test(l.name) && !/head/.test(l.name));
  if (trunk.length !== 2) throw new Error(`expected two trunk layers, got ${trunk.map((l) => l.name).join(', ')}`);
  for (const l of trunk) l.trainable = false;
  return {
    net,
    beforeEpoch: (e) => (e === 2 ? (trunk[1]!.trainable = true) : e === 3 ? (trunk[0]!.trainable = true) : undefined),
  };
}

test.serial(
  'gradual unfreezing survives a checkpoint: resumed between two unfreezings, it ends like an uninterrupted run',
  async (t) => {
    await tf.setBackend('cpu');
    const whole = frozenNetwork();
    await whole.net.fit(data, val, { training, reporter: quiet(), beforeEpoch: whole.beforeEpoch });
    const expected = weights(whole.net);
    whole.net.dispose();

    const dir = path.join(tempDir(), 'ckpt');
    const first = frozenNetwork();
    const abort = new AbortController();
    const err = await t.throwsAsync(
      first.net.fit(data, val, {
        training,
        reporter: quiet((e) => e === 2 && abort.abort(new Error('stop'))),
        signal: abort.signal,
        beforeEpoch: first.beforeEpoch,
        checkpoint: new TrainingCheckpoint(dir),
        checkpointSeconds: 0,
      }),
    );
    t.is(err?.message, 'stop');
    first.net.dispose();

    const second = frozenNetwork();
    const epochs: number[] = [];
    await second.net.fit(data, val, {
      training,
      reporter: quiet((e) => epochs.push(e)),
      beforeEpoch: second.beforeEpoch,
      checkpoint: new TrainingCheckpoint(dir),
      checkpointSeconds: 0,
    });
    t.deepEqual(epochs, [3, 4, 5, 6]);
    t.deepEqual(weights(second.net), expected);
    second.net.dispose();
  },
);

test.serial(
  'a checkpoint a killed writer left half done is discarded (training starts over), never read as complete',
  async (t) => {
    await tf.setBackend('cpu');
    const dir = await interruptedAt(2, t);
    // A dead writer's temporary folder beside it, and the checkpoint itself truncated (a full disk, say).
    const leftover = `${dir}.dead0001.tmp`;
    cpSync(dir, leftover, { recursive: true });
    const bin = path.join(dir, 'optimizer.bin');
    truncateSync(bin, Math.floor(statSync(bin).size / 2));
    const second = network();
    const optimizer = tf.train.adam(0.01);
    const fresh = tf.memory().numTensors;
    const ck = new TrainingCheckpoint(dir);
    t.is(await ck.restore(second.model, optimizer), undefined, 'the damaged checkpoint is not used');
    t.is(tf.memory().numTensors, fresh, 'no tensor of the damaged checkpoint is left behind');
    t.false(existsSync(dir), 'the damaged checkpoint is removed');
    const epochs: number[] = [];
    await second.fit(data, val, {
      training,
      reporter: quiet((e) => epochs.push(e)),
      checkpoint: ck,
      checkpointSeconds: 0,
    });
    t.deepEqual(epochs, [1, 2, 3, 4, 5, 6], 'training started over');
    t.false(existsSync(leftover), "the dead writer's temporary folder is removed at the next save");
    second.dispose();
    optimizer.dispose();
  },
);

test.serial(
  'a writer killed between putting the old checkpoint aside and the new one in place loses nothing',
  async (t) => {
    await tf.setBackend('cpu');
    const expected = await uninterrupted();
    const dir = await interruptedAt(3, t);
    renameSync(dir, `${dir}.previous`); // what save() leaves when killed between its two renames
    const resumed = await resumeFrom(dir);
    t.deepEqual(resumed.epochs, [4, 5, 6], 'it continued from the checkpoint put aside');
    t.deepEqual(resumed.weights, expected);
    t.false(existsSync(`${dir}.previous`));
  },
);

test('early stopping on a metric the stage lacks (even `constructor`) says so once and watches the loss', async (t) => {
  for (const monitor of ['constructor', 'accuracy-of-nothing']) {
    const logs: string[] = [];
    const n = network();
    await n.fit(data, val, {
      training: resolveTraining({
        epochs: 6,
        batchSize: 16,
        seed: 5,
        optimizer: { kind: 'adam', learningRate: 0.01 },
        earlyStopping: { monitor, patience: 10 },
      }),
      reporter: { ...quiet(), log: (level, m) => logs.push(`${level}: ${m}`) },
    });
    const w = weights(n);
    n.dispose();
    const warned = logs.filter((l) => l.includes(`early stopping watches \`${monitor}\``));
    t.is(warned.length, 1, logs.join('\n'));
    t.regex(warned[0]!, /^warn: .*it reports loss, accuracy.*watches the validation loss instead/);
    t.deepEqual(w, await uninterrupted(), 'trained exactly as when watching the loss');
  }
});
