import { lastValueFrom, toArray } from 'rxjs';
import { createConcertina, type Concertina } from '../../src/container/create-concertina.js';
import type { RunEvent } from '../../src/events/run-event.js';
import { runPipeline } from '../../src/execute/run-pipeline.js';
import type { RunRequest } from '../../src/execute/run-request.js';
import type { PipelineSpec } from '../../src/spec/generated/pipeline-spec.js';
import { validateSpec } from '../../src/spec/load-spec.js';
import { tempDir } from './temp-dir.js';

let app: Promise<Concertina> | undefined;

/** Runs a spec to the end and returns all its events (throws if the run fails). */
export async function runSpec(
  spec: PipelineSpec,
  options: Partial<RunRequest> & { dir?: string } = {},
): Promise<RunEvent[]> {
  app ??= createConcertina();
  const dir = options.dir ?? tempDir();
  const loaded = validateSpec(structuredClone(spec), 'test.json', {}, dir);
  return lastValueFrom(
    runPipeline({ loaded, runsDir: `${dir}/runs`, cacheDir: `${dir}/cache`, ...options }, (await app).services).pipe(
      toArray(),
    ),
  );
}
