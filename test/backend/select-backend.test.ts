import test from 'ava';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { PipelineError } from '../../src/errors/pipeline-error.js';
import { currentBackendInfo, selectBackend } from '../../src/backend/select-backend.js';
import { registerMissingWasmKernels } from '../../src/backend/wasm-kernels/index.js';

const require = createRequire(import.meta.url);
const tfjsNodeInstalled = (() => {
  try {
    require.resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
})();

test.serial('auto picks tfjs-node when installed, else wasm, and says why', async (t) => {
  const info = await selectBackend();
  t.is(info.requested, 'auto');
  t.is(tf.getBackend(), info.name);
  t.is(info.versions.tfjs, tf.version.tfjs);
  if (tfjsNodeInstalled) {
    t.is(info.name, 'tensorflow');
  } else {
    t.is(info.name, 'wasm');
    t.regex(info.reason, /^tfjs-node not installed: .*tfjs-node/);
    t.regex(info.reason, /wasm loaded \(SIMD, single-threaded; matmul: (OpenBLAS .+|XNNPACK \(.+\))\)$/);
    t.is(info.versions.backend, '4.22.0');
    t.truthy(tf.getKernel('Conv2DBackpropFilter', 'wasm'), 'missing kernels registered once wasm is chosen');
  }
  t.deepEqual(currentBackendInfo(), info);
});

test.serial('selecting twice is idempotent, also when concurrent', async (t) => {
  const first = await selectBackend('auto');
  const [a, b] = await Promise.all([selectBackend('auto'), selectBackend('auto')]);
  t.is(a, first);
  t.is(b, first);
  t.deepEqual(registerMissingWasmKernels(), [], 'no kernel registered twice');
});

test.serial('cpu can be chosen explicitly, and wasm again after it', async (t) => {
  const cpu = await selectBackend('cpu');
  t.is(cpu.name, 'cpu');
  t.is(tf.getBackend(), 'cpu');
  t.regex(cpu.reason, /^requested explicitly; cpu/);
  t.is(cpu.versions.backend, tf.version['tfjs-backend-cpu']);
  t.is(
    tf.tidy(() => tf.add(tf.scalar(2), tf.scalar(3)).dataSync()[0]),
    5,
  );

  const wasm = await selectBackend('wasm');
  t.is(wasm.name, 'wasm');
  t.is(tf.getBackend(), 'wasm');
  t.is(
    tf.tidy(() => tf.matMul(tf.ones([2, 3]), tf.ones([3, 4])).dataSync()[0]),
    3,
  );
  t.is(currentBackendInfo(), wasm);
});

test.serial('an explicit choice that cannot load throws a PipelineError saying why and what to do', async (t) => {
  const before = await selectBackend('wasm');
  if (tfjsNodeInstalled) {
    t.is((await selectBackend('tensorflow')).name, 'tensorflow');
    return;
  }
  const err = await t.throwsAsync(selectBackend('tensorflow'), { instanceOf: PipelineError });
  t.regex(err!.message, /^backend 'tensorflow' is not available: tfjs-node not installed: /);
  t.regex(err!.hint ?? '', /install @tensorflow\/tfjs-node/);
  t.regex(err!.hint ?? '', /'auto' or 'wasm'/);
  t.truthy(err!.cause, 'keeps the import error as the cause');
  t.is(tf.getBackend(), 'wasm', 'a failed choice leaves the active backend alone');
  t.is(currentBackendInfo(), before);
});

test.serial('an unknown choice is rejected', async (t) => {
  await t.throwsAsync(selectBackend('gpu' as never), { instanceOf: PipelineError, message: /unknown backend 'gpu'/ });
});

test.serial('switching backends leaks no tensors', async (t) => {
  await selectBackend('wasm');
  const n = tf.memory().numTensors;
  for (const name of ['cpu', 'wasm', 'auto', 'cpu', 'wasm'] as const) {
    await selectBackend(name);
    tf.tidy(() => tf.sum(tf.ones([10])).dataSync());
  }
  t.is(tf.memory().numTensors, n);
});
