import test from 'ava';
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import { nativeBlas, withoutNativeBlas } from '../../src/backend/native-blas.js';
import { repoRoot } from '../helpers/cli.js';
import { backendBuffers, normals, onBackend, relErr } from './helpers.js';

// OpenBLAS and XNNPACK sum in different orders: float32 noise only.
const TOL = 1e-4;

/** The same computation on the OpenBLAS path and on the XNNPACK path (wasm both times). */
function bothPaths(fn: () => tf.Tensor | tf.Tensor[]): { native: Float32Array[]; xnnpack: Float32Array[] } {
  const read = () =>
    tf.tidy(() => {
      const out = fn();
      return (Array.isArray(out) ? out : [out]).map((t) => t.dataSync() as Float32Array);
    });
  return { native: read(), xnnpack: withoutNativeBlas(read) };
}

const t3 = (shape: [number, number, number], seed: number) =>
  tf.tensor3d(normals(shape[0] * shape[1] * shape[2], seed), shape);

test.serial('native BLAS status is reported, with the reason when XNNPACK is used', async (t) => {
  const info = await onBackend('wasm', () =>
    import('../../src/backend/select-backend.js').then((m) => m.currentBackendInfo()),
  );
  const blas = nativeBlas();
  t.is(info?.matmul, blas.detail);
  t.true(info!.reason.includes(`matmul: ${blas.detail}`));
  if (blas.sgemm) t.regex(blas.detail, /^OpenBLAS .* via koffi .*, \d+ threads?$/);
  else t.regex(blas.detail, /^XNNPACK \(.+\)$/);
  t.log(`this machine: ${blas.detail}`);
});

test.serial('matmuls and conv1d forward and gradients agree on the OpenBLAS and XNNPACK paths', async (t) => {
  await onBackend('wasm', () => {
    if (!nativeBlas().sgemm) {
      // Nothing to compare without the library: the fallback test below covers this machine's path.
      // CI installs libopenblas0 and sets CONCERTINA_REQUIRE_BLAS=1, so there both paths are always tested.
      if (process.env.CONCERTINA_REQUIRE_BLAS === '1')
        t.fail(`CONCERTINA_REQUIRE_BLAS=1 but OpenBLAS did not load: ${nativeBlas().detail}`);
      else t.log(`OpenBLAS not loaded here (${nativeBlas().detail}); comparison needs libopenblas0`);
      t.pass();
      return;
    }
    const before = backendBuffers();
    const cases: Array<[string, () => tf.Tensor | tf.Tensor[]]> = [];
    for (const tA of [false, true])
      for (const tB of [false, true])
        cases.push([
          `matMul tA=${tA} tB=${tB}`,
          () =>
            tf.matMul(t3([3, tA ? 9 : 6, tA ? 6 : 9], 1), tf.tensor2d(normals(9 * 5, 2), tB ? [5, 9] : [9, 5]), tA, tB),
        ]);
    cases.push(['batched both', () => tf.matMul(t3([2, 4, 7], 3), t3([2, 7, 3], 4))]);
    cases.push([
      'dense relu + bias (fused)',
      () =>
        tf.fused.matMul({
          a: tf.tensor2d(normals(6 * 8, 5), [6, 8]),
          b: tf.tensor2d(normals(8 * 4, 6), [8, 4]),
          bias: tf.tensor1d(normals(4, 7)),
          activation: 'relu',
        }),
    ]);
    for (const [stride, pad, dil] of [
      [1, 'same', 1],
      [2, 'same', 1],
      [1, 'valid', 2],
    ] as const)
      cases.push([
        `conv1d stride ${stride} ${pad} dilation ${dil}: output and gradients`,
        () => {
          const x = t3([3, 17, 5], 8);
          const w = t3([5, 5, 7], 9);
          const f = (xs: tf.Tensor, ws: tf.Tensor) =>
            tf.sum(tf.sin(tf.conv1d(xs as tf.Tensor3D, ws as tf.Tensor3D, stride, pad, 'NWC', dil)));
          const { value, grads } = tf.valueAndGrads(f)([x, w]);
          return [tf.conv1d(x, w, stride, pad, 'NWC', dil), value, ...grads];
        },
      ]);
    for (const [label, fn] of cases) {
      const { native, xnnpack } = bothPaths(fn);
      native.forEach((a, i) => t.true(relErr(a, xnnpack[i]!) < TOL, `${label} [${i}]: ${relErr(a, xnnpack[i]!)}`));
    }
    t.is(backendBuffers(), before);
  });
});

test.serial('a few Adam steps of a conv1d model give the same losses on both paths', async (t) => {
  await onBackend('wasm', () => {
    const run = (): number[] => {
      const input = tf.input({ shape: [null, 6] });
      const c = tf.layers
        .conv1d({
          filters: 16,
          kernelSize: 5,
          padding: 'same',
          activation: 'relu',
          kernelInitializer: tf.initializers.heNormal({ seed: 3 }),
        })
        .apply(input) as tf.SymbolicTensor;
      const out = tf.layers.dense({ units: 4, kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }).apply(c);
      const m = tf.model({ inputs: input, outputs: out as tf.SymbolicTensor });
      const opt = tf.train.adam(0.01);
      const losses: number[] = [];
      for (let step = 0; step < 4; step++)
        losses.push(
          tf.tidy(() => {
            const x = t3([4, 12, 6], 30 + step);
            const y = t3([4, 12, 4], 40 + step);
            return opt
              .minimize(() => tf.mean(tf.square(tf.sub(m.apply(x) as tf.Tensor, y))) as tf.Scalar, true)!
              .dataSync()[0]!;
          }),
        );
      opt.dispose();
      m.dispose();
      return losses;
    };
    const native = run();
    const xnnpack = withoutNativeBlas(run);
    t.true(relErr(native, xnnpack) < TOL, `${native.join(' ')} vs ${xnnpack.join(' ')}`);
  });
});

test('CONCERTINA_BLAS=off falls back to XNNPACK, and training still works', (t) => {
  const script = `
    import * as tf from '@tensorflow/tfjs';
    import { selectBackend } from './src/backend/select-backend.ts';
    const info = await selectBackend('wasm');
    const loss = tf.tidy(() => {
      const w = tf.variable(tf.ones([3, 2]));
      const opt = tf.train.adam(0.1);
      return opt.minimize(() => tf.sum(tf.square(tf.matMul(tf.ones([4, 3]), w))), true).dataSync()[0];
    });
    console.log(JSON.stringify({ matmul: info.matmul, loss }));
  `;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: repoRoot,
    env: { ...process.env, CONCERTINA_BLAS: 'off' },
    encoding: 'utf8',
  });
  t.is(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { matmul: string; loss: number };
  t.is(out.matmul, 'XNNPACK (CONCERTINA_BLAS=off)');
  t.is(out.loss, 72);
});
