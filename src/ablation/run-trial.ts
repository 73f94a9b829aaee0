import { readFileSync } from 'node:fs';
import path from 'node:path';
import { lastValueFrom, tap } from 'rxjs';
import { createConcertina, specPlugins } from '../container/create-concertina.js';
import type { RunEvent } from '../events/run-event.js';
import { runPipeline, type RunSummary } from '../execute/run-pipeline.js';
import { validateSpec } from '../spec/load-spec.js';
import type { RunTrialMessage } from './worker-protocol.js';

/**
 * Runs one trial in this process (a worker of the local pool, or a queue worker's sandboxed process):
 * its run folder goes to `m.runsDir/<trial>`, every event to `onEvent`; resolves with the run's summary.
 */
export async function runTrial(m: RunTrialMessage, onEvent: (e: RunEvent) => void): Promise<RunSummary> {
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
    goneLeaseHolders: m.goneLeaseHolders,
  };
  await lastValueFrom(runPipeline(request, app.services).pipe(tap(onEvent)));
  return JSON.parse(readFileSync(path.join(m.runsDir, m.trialId, 'metrics.json'), 'utf8')) as RunSummary;
}
