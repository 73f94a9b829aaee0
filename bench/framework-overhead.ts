/**
 * Framework overhead: the same MLP trained on the same generated data, backend, seed, batches and
 * epochs, once through a concertina pipeline (spec, validation, compile, plan, events, cache, run
 * folder, evaluation) and once hand-written in plain tfjs. Prints both times and the overhead.
 * Target: under 3%.  Run: node --import tsx bench/framework-overhead.ts  (ROUNDS=5 interleaved rounds)
 */
import * as tf from '@tensorflow/tfjs';
import { lastValueFrom } from 'rxjs';
import { selectBackend } from '../src/backend/select-backend.js';
import { createConcertina } from '../src/container/create-concertina.js';
import { runPipeline } from '../src/execute/run-pipeline.js';
import { validateSpec } from '../src/spec/load-spec.js';
import { syntheticTabular } from '../datasets/synthetic-tabular.js';
import { epochBatches, stackItems } from '../src/train/batching.js';
import { Adam } from '../src/train/adam.js';
import { Random, deriveSeed } from '../src/util/random.js';
import { splitExamples } from '../src/data/split.js';
import { validateAgainst } from '../src/spec/schema-validator.js';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const EPOCHS = 8;
const BATCH = 64;
const HIDDEN = [256, 256];
const params = { classes: 10, features: 64, informative: 16, examplesPerClass: 1000, separation: 1.5, seed: 3 };
// The dataset kind takes params as a spec would hand them over: validated, with the schema's defaults.
const paramsWithDefaults = fillParams<Parameters<typeof syntheticTabular.load>[0]>(syntheticTabular, params);
const spec = {
  name: 'overhead',
  dataset: { kind: 'synthetic-tabular', params, split: { kind: 'official' }, validationFraction: 0 },
  stages: [
    { id: 'data', kind: 'input' },
    { id: 'classifier', kind: 'dense-classifier', inputs: ['data'], supervision: 'label', params: { hidden: HIDDEN } },
  ],
  training: { epochs: EPOCHS, batchSize: BATCH, optimizer: { kind: 'adam', learningRate: 0.001 }, seed: 1 },
};

async function viaConcertina(): Promise<{ ms: number; accuracy: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'overhead-'));
  try {
    const app = await createConcertina();
    const t0 = performance.now();
    const loaded = validateSpec(structuredClone(spec), 'overhead.json', {}, dir);
    const last = await lastValueFrom(
      runPipeline({ loaded, runsDir: `${dir}/runs`, cacheDir: `${dir}/cache`, backend: 'wasm' }, app.services),
    );
    const ms = performance.now() - t0;
    if (last.type !== 'run-completed') throw new Error('run failed');
    return { ms, accuracy: last.metrics.classifier!.accuracy! };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function handWritten(): Promise<{ ms: number; accuracy: number }> {
  const t0 = performance.now();
  const data = await syntheticTabular.load(paramsWithDefaults, {} as never);
  const split = splitExamples(data.examples, spec.dataset as never, 1);
  const x = (ids: readonly number[]) => stackItems(ids.map((i) => data.examples[i]!.input));
  const y = (ids: readonly number[]) => ids.map((i) => data.examples[i]!.labels.label as number);
  const seed = deriveSeed(1, 'classifier');
  const init = new Random(seed);
  const input = tf.input({ shape: [params.features] });
  let h: tf.SymbolicTensor = input;
  for (const units of HIDDEN)
    h = tf.layers
      .dense({ units, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: init.seed() }) })
      .apply(h) as tf.SymbolicTensor;
  const out = tf.layers
    .dense({ units: params.classes, kernelInitializer: tf.initializers.glorotUniform({ seed: init.seed() }) })
    .apply(h) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  const opt = new Adam(0.001); // the optimizer concertina trains with (tfjs's arithmetic, one pass on wasm)
  const rng = new Random(seed);
  for (let e = 0; e < EPOCHS; e++) {
    for (const ids of epochBatches(split.train, BATCH, rng)) {
      const b = x(ids);
      const labels = y(ids);
      tf.tidy(() => {
        const xs = tf.tensor(b.data, b.shape);
        const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), params.classes);
        opt.minimize(() => tf.losses.softmaxCrossEntropy(ys, model.apply(xs) as tf.Tensor) as tf.Scalar);
      });
      await new Promise((r) => setImmediate(r));
    }
  }
  const t = x(split.test);
  const pred = tf.tidy(() => (model.predict(tf.tensor(t.data, t.shape)) as tf.Tensor).argMax(-1));
  const p = pred.dataSync();
  const truth = y(split.test);
  const accuracy = truth.filter((v, i) => v === p[i]).length / truth.length;
  pred.dispose();
  model.dispose();
  opt.dispose();
  return { ms: performance.now() - t0, accuracy };
}

await selectBackend('wasm');
await handWritten(); // warm-up: kernels and wasm compiled once
await viaConcertina();
const plain: number[] = [];
const framework: number[] = [];
const ROUNDS = Number(process.env.ROUNDS ?? 5);
for (let r = 0; r < ROUNDS; r++) {
  // Order flipped every round, so that neither side always runs on a warmer (or busier) machine.
  const [a, b] =
    r % 2 === 0
      ? [await handWritten(), await viaConcertina()]
      : await (async () => {
          const b1 = await viaConcertina();
          return [await handWritten(), b1] as const;
        })();
  plain.push(a.ms);
  framework.push(b.ms);
  console.log(
    `round ${r + 1}: plain tfjs ${(a.ms / 1000).toFixed(2)} s (accuracy ${(a.accuracy * 100).toFixed(1)}%), ` +
      `concertina ${(b.ms / 1000).toFixed(2)} s (accuracy ${(b.accuracy * 100).toFixed(1)}%)`,
  );
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const p = median(plain);
const c = median(framework);
console.log(
  `\nMLP ${params.features}-${HIDDEN.join('-')}-${params.classes}, ${EPOCHS} epochs, batch ${BATCH}, ` +
    `${params.classes * params.examplesPerClass} examples, backend ${tf.getBackend()}`,
);
const spread = (v: number[]) => `${(Math.min(...v) / 1000).toFixed(2)}-${(Math.max(...v) / 1000).toFixed(2)} s`;
console.log(
  `median plain tfjs ${(p / 1000).toFixed(2)} s (${spread(plain)}), concertina ${(c / 1000).toFixed(2)} s ` +
    `(${spread(framework)}) over ${ROUNDS} rounds: overhead ${(((c - p) / p) * 100).toFixed(1)}% (target < 3%); ` +
    `load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
);

function fillParams<P>(kind: { paramsSchema: object }, p: object): P {
  const out = structuredClone(p);
  validateAgainst(kind.paramsSchema, out, '', {});
  return out as P;
}
