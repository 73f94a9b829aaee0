import { PipelineError } from '../errors/pipeline-error.js';
import type { PipelineSpec } from '../spec/generated/pipeline-spec.js';
import { RunFolder } from './run-folder.js';

/** Opens a run folder whose run completed, with its resolved spec; anything else is an error saying why. */
export function openFinishedRun(runDir: string, purpose: string): { folder: RunFolder; spec: PipelineSpec } {
  const folder = RunFolder.open(runDir);
  if (!folder.has('spec.json'))
    throw new PipelineError(`${runDir} is not a run folder (no spec.json)`, {
      location: { file: runDir },
      hint: 'pass a folder under runs/ (see `concertina runs`)',
    });
  const status = folder.has('status.json') ? folder.readJson<{ state: string }>('status.json') : { state: 'unknown' };
  if (status.state !== 'completed')
    throw new PipelineError(
      `run ${folder.runId} did not complete (state: ${status.state}); it has no trained stages to ${purpose}`,
      { location: { file: runDir }, hint: 'run the pipeline again' },
    );
  return { folder, spec: folder.readJson<PipelineSpec>('spec.json') };
}
