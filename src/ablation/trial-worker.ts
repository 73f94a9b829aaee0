/**
 * A worker process of an ablation: it runs trials one at a time, each in this process's own tf
 * backend, and sends every event and the result back to the parent over IPC.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { lastValueFrom, tap } from 'rxjs';
import { createConcertina, specPlugins } from '../container/create-concertina.js';
import { errorInfo } from '../events/run-event.js';
import { runPipeline, type RunSummary } from '../execute/run-pipeline.js';
import { validateSpec } from '../spec/load-spec.js';
import type { RunTrialMessage, WorkerMessage } from './worker-protocol.js';

function send(m: WorkerMessage): void {
  process.send?.(m);
}

async function runTrial(m: RunTrialMessage): Promise<void> {
  try {
    const loaded = validateSpec(m.spec, m.specFile, {}, m.specDir);
    const app = await createConcertina({
      plugins: [...m.plugins.map((p) => ({ path: p, file: `--plugin ${p}` })), ...specPlugins(loaded)],
    });
    const request = {
      loaded,
      runsDir: m.runsDir,
      cacheDir: m.cacheDir,
      fresh: m.fresh,
      backend: m.backend,
      trial: m.trialId,
      runId: m.trialId,
    };
    await lastValueFrom(
      runPipeline(request, app.services).pipe(tap((event) => send({ type: 'event', trialId: m.trialId, event }))),
    );
    const summary = JSON.parse(readFileSync(path.join(m.runsDir, m.trialId, 'metrics.json'), 'utf8')) as RunSummary;
    send({ type: 'done', trialId: m.trialId, summary });
  } catch (err) {
    send({ type: 'failed', trialId: m.trialId, error: errorInfo(err) });
  }
}

let queue: Promise<void> = Promise.resolve();
process.on('message', (m: RunTrialMessage) => {
  if (m?.type === 'run') queue = queue.then(() => runTrial(m));
});
// The parent went away (Ctrl-C, crash): stop too; finished steps are in the cache.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready', pid: process.pid });
