/**
 * Worker-thread entry of the synthesis pool: one espeak-ng engine per thread, started from the module
 * compiled once by the parent (workerData.module), answering one job per message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { EspeakEngine } from '../espeak/espeak-engine.js';
import type { WasmModule } from '../espeak/espeak-module.js';
import { synthesizeWith } from '../espeak/synthesize.js';
import type { SynthesisJob, WorkerReply } from './worker-pool.js';

const port = parentPort!;
const engine = await EspeakEngine.create({ module: (workerData as { module: WasmModule }).module });

port.on('message', (job: SynthesisJob) => {
  let reply: WorkerReply;
  try {
    const { samples, sampleRate } = synthesizeWith(engine, job.text, job.voice, { seed: job.seed });
    reply = { kind: 'result', index: job.index, samples, sampleRate };
    port.postMessage(reply, [samples.buffer as ArrayBuffer]);
  } catch (e) {
    // Errors do not cross threads with their class, so send what describes them (a SpecError's problems too).
    const err = e as Error & { hint?: string; describe?: () => string };
    const text = typeof err.describe === 'function' ? err.describe() : err.message;
    reply = { kind: 'error', index: job.index, message: `${err.name}: ${text}`, hint: err.hint };
    port.postMessage(reply);
  }
});
port.postMessage({ kind: 'ready' } satisfies WorkerReply);
