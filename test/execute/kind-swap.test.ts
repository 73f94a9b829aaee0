/**
 * Issue 14, item 5: params that failed their kind's schema are never read. Every spec in pipelines/ with its
 * dataset kind, or any one stage's kind, changed to every other kind is either valid or reported as problems
 * (never a crash), in both modes, and no message says "undefined".
 */
import test from 'ava';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { PipelineError, SpecError } from '../../src/errors/pipeline-error.js';
import { checkPipeline } from '../../src/execute/check-pipeline.js';
import { loadSpec } from '../../src/spec/load-spec.js';
import { catalogWith } from '../helpers/catalog.js';
import { repoRoot } from '../helpers/cli.js';

const catalog = catalogWith();
const specs = readdirSync(path.join(repoRoot, 'pipelines')).filter((f) => f.endsWith('.json'));

for (const file of specs) {
  test(`${file}: every kind swapped in is valid or a spec error`, async (t) => {
    const at = path.join(repoRoot, 'pipelines', file);
    const base = await loadSpec(at);
    const sets = [
      ...[...catalog.datasets.keys()].map((k) => `dataset.kind=${k}`),
      ...base.spec.stages.flatMap((_, i) => [...catalog.stages.keys()].map((k) => `stages.${i}.kind=${k}`)),
    ];
    let problems = 0;
    for (const set of sets) {
      for (const mode of [undefined, 'end-to-end'] as const) {
        try {
          await checkPipeline(await loadSpec(at, { overrides: [set] }), catalog, mode);
        } catch (err) {
          if (!(err instanceof PipelineError)) t.fail(`--set ${set} (${mode ?? 'spec mode'}): ${(err as Error).stack}`);
          else t.notRegex(err.describe(), /\bundefined\b/, `--set ${set}`);
          if (err instanceof SpecError) problems++;
        }
      }
    }
    t.true(problems > 0, 'some swaps are invalid');
  });
}
