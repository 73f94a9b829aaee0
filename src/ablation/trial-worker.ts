/**
 * A worker process of an ablation: it runs trials one at a time, each in this process's own tf
 * backend, and sends every event and the result back to the parent over IPC.
 */
import { errorInfo } from '../events/run-event.js';
import { runTrial } from './run-trial.js';
import type { RunTrialMessage, WorkerMessage } from './worker-protocol.js';

function send(m: WorkerMessage): void {
  process.send?.(m);
}

async function run(m: RunTrialMessage): Promise<void> {
  try {
    const summary = await runTrial(m, (event) => send({ type: 'event', trialId: m.trialId, event }));
    send({ type: 'done', trialId: m.trialId, summary });
  } catch (err) {
    send({ type: 'failed', trialId: m.trialId, error: errorInfo(err) });
  }
}

let queue: Promise<void> = Promise.resolve();
process.on('message', (m: RunTrialMessage) => {
  if (m?.type === 'run') queue = queue.then(() => run(m));
});
// The parent went away (Ctrl-C, crash): stop too; finished steps are in the cache.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready', pid: process.pid });
