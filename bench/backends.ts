/**
 * Backend throughput: trains the reference MLP 260-256-256-10 (batch 64, Adam, softmax cross-entropy,
 * seeded synthetic data) for a fixed number of steps on each backend that loads, and times
 * Conv2DBackpropFilter at conv1d-training size (ours on wasm vs the cpu kernel through the adapter).
 * Run: node --import tsx bench/backends.ts   (about a minute on 2 cores)
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { selectBackend, type BackendChoice } from '../src/backend/select-backend.js';
import { runOnCpu, withStockWasmKernels } from '../src/backend/wasm-kernels/index.js';
import { Random } from '../src/util/random.js';

const BATCH = 64;
const STEPS = 10;
const ROUNDS = 4;
const WARMUP = 3;
const SEED = 1234;

function batches(n: number): Array<{ x: Float32Array; y: Int32Array }> {
  const r = new Random(SEED);
  return Array.from({ length: n }, () => ({
    x: Float32Array.from({ length: BATCH * 260 }, () => r.normal()),
    y: Int32Array.from({ length: BATCH }, () => r.int(10)),
  }));
}

interface Trainer {
  /** Seconds for `n` Adam steps. */
  run(n: number): number;
  dispose(): void;
}

/** The reference MLP with its optimizer and data, on the active backend. */
function mlpTrainer(): Trainer {
  const data = batches(4).map((b) => ({
    x: tf.tensor2d(b.x, [BATCH, 260]),
    y: tf.oneHot(tf.tensor1d(b.y, 'int32'), 10),
  }));
  const init = (i: number) => tf.initializers.glorotUniform({ seed: SEED + i });
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [260], units: 256, activation: 'relu', kernelInitializer: init(0) }),
      tf.layers.dense({ units: 256, activation: 'relu', kernelInitializer: init(1) }),
      tf.layers.dense({ units: 10, kernelInitializer: init(2) }),
    ],
  });
  const opt = tf.train.adam(1e-3);
  let i = 0;
  const step = () => {
    const { x, y } = data[i++ % data.length]!;
    opt.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x) as tf.Tensor) as tf.Scalar);
  };
  return {
    run(n) {
      const t0 = performance.now();
      for (let k = 0; k < n; k++) step();
      model.getWeights()[0]!.dataSync(); // every backend here runs eagerly; this just makes sure
      return (performance.now() - t0) / 1000;
    },
    dispose() {
      opt.dispose();
      model.dispose();
      tf.dispose(data.flatMap((d) => [d.x, d.y]));
    },
  };
}

interface Row {
  label: string;
  choice: Exclude<BackendChoice, 'auto'>;
  stock: boolean;
  trainer?: Trainer;
  best: number;
}

/** Runs `fn` on the row's backend (and kernel set). */
async function on<T>(row: Row, fn: () => T): Promise<T> {
  await selectBackend(row.choice);
  return row.stock ? withStockWasmKernels(fn) : fn();
}

/**
 * Examples per second per backend. The machine may be shared, so backends take turns in ROUNDS rounds
 * of STEPS steps and each keeps its best round: load changes hit all of them alike.
 */
async function mlpThroughput(): Promise<void> {
  const rows: Row[] = [
    { label: 'tensorflow (tfjs-node)', choice: 'tensorflow', stock: false, best: Infinity },
    { label: 'wasm (concertina kernels)', choice: 'wasm', stock: false, best: Infinity },
    { label: 'wasm (stock tfjs kernels)', choice: 'wasm', stock: true, best: Infinity },
    { label: 'cpu', choice: 'cpu', stock: false, best: Infinity },
  ];
  console.log(
    `MLP 260-256-256-10, batch ${BATCH}, Adam: ` +
      `best of ${ROUNDS} rounds of ${STEPS} steps, after ${WARMUP} warm-up steps`,
  );
  for (const row of rows) {
    try {
      row.trainer = await on(row, () => mlpTrainer());
      await on(row, () => row.trainer!.run(WARMUP));
    } catch (e) {
      console.log(`  ${row.label.padEnd(27)} not available: ${(e as Error).message}`);
    }
  }
  const live = rows.filter((r) => r.trainer !== undefined);
  for (let round = 0; round < ROUNDS; round++) {
    for (const row of live) row.best = Math.min(row.best, await on(row, () => row.trainer!.run(STEPS)));
  }
  const cpu = (STEPS * BATCH) / rows.find((r) => r.choice === 'cpu')!.best;
  for (const row of live) {
    const eps = (STEPS * BATCH) / row.best;
    console.log(
      `  ${row.label.padEnd(27)} ${eps.toFixed(0).padStart(7)} examples/s ${(eps / cpu).toFixed(1).padStart(7)}x cpu`,
    );
    await on(row, () => row.trainer!.dispose());
  }
}

/** Best milliseconds of `reps` runs of `f`, after `warmup` untimed runs. */
function time(reps: number, f: () => void, warmup = 1): number {
  for (let i = 0; i < warmup; i++) f();
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    f();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

async function convKernels(): Promise<void> {
  console.log('');
  await selectBackend('wasm');
  const backend = tf.backend() as BackendWasm;
  const r = new Random(SEED);
  const shape: [number, number, number, number] = [32, 1, 100, 64];
  const x = tf.tensor4d(
    Float32Array.from({ length: 32 * 100 * 64 }, () => r.normal()),
    shape,
  );
  const dy = tf.tensor4d(
    Float32Array.from({ length: 32 * 100 * 64 }, () => r.normal()),
    shape,
  );
  const w = tf.tensor4d(
    Float32Array.from({ length: 5 * 64 * 64 }, () => r.normal()),
    [1, 5, 64, 64],
  );
  const filterAttrs = {
    strides: [1, 1],
    pad: 'same',
    dataFormat: 'NHWC',
    filterShape: [1, 5, 64, 64],
  } as tf.NamedAttrMap;
  const inputAttrs = { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', inputShape: shape } as tf.NamedAttrMap;
  const ours = () => tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, filterAttrs) as tf.Tensor;
  const viaCpu = () =>
    runOnCpu(tf.Conv2DBackpropFilter, { inputs: { x, dy }, backend, attrs: filterAttrs }) as tf.TensorInfo;
  const a = ours();
  const b = viaCpu();
  const bv = backend.readSync(b.dataId) as Float32Array;
  const av = a.dataSync();
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < av.length; i++) {
    diff = Math.max(diff, Math.abs(av[i]! - bv[i]!));
    scale = Math.max(scale, Math.abs(bv[i]!));
  }
  a.dispose();
  backend.disposeData(b.dataId);
  const gflop = (2 * 32 * 100 * 5 * 64 * 64) / 1e9;
  const tOurs = time(10, () => ours().dispose());
  const tCpu = time(1, () => backend.disposeData(viaCpu().dataId), 0); // one run: ~10 s
  console.log('Conv2DBackpropFilter, x [32, 1, 100, 64], filter [1, 5, 64, 64] (conv1d k=5, 64->64, 100 frames):');
  console.log(
    `  wasm, im2col + XNNPACK matmul  ${tOurs.toFixed(1).padStart(9)} ms  ` +
      `${(gflop / (tOurs / 1000)).toFixed(2)} GFLOP/s`,
  );
  console.log(
    `  cpu kernel via adapter         ${tCpu.toFixed(1).padStart(9)} ms  ${(gflop / (tCpu / 1000)).toFixed(2)} GFLOP/s`,
  );
  console.log(
    `  ratio adapter/ours: ${(tCpu / tOurs).toFixed(0)}x   ` +
      `(results agree: max |difference| ${diff.toExponential(1)}, max |value| ${scale.toFixed(0)})`,
  );

  const input = () => tf.engine().runKernel(tf.Conv2DBackpropInput, { dy, filter: w }, inputAttrs) as tf.Tensor;
  const tIn = time(10, () => input().dispose());
  const tInStock = await withStockWasmKernels(() => time(10, () => input().dispose()));
  console.log('Conv2DBackpropInput, same shapes:');
  console.log(
    `  wasm, XNNPACK matmul + col2im  ${tIn.toFixed(1).padStart(9)} ms  ${(gflop / (tIn / 1000)).toFixed(2)} GFLOP/s`,
  );
  console.log(
    `  wasm, stock tfjs kernel        ${tInStock.toFixed(1).padStart(9)} ms  ` +
      `${(gflop / (tInStock / 1000)).toFixed(2)} GFLOP/s`,
  );
  console.log(`  ratio stock/ours: ${(tInStock / tIn).toFixed(1)}x`);
  tf.dispose([x, dy, w]);
}

await mlpThroughput();
await convKernels();
