import test from 'ava';
import { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { reportJson } from '../../src/ablation/report/report-json.js';
import { compareCommand } from '../../src/cli/commands/compare.js';
import { PipelineError, UsageError } from '../../src/errors/pipeline-error.js';
import { trial } from '../fixtures/ablation/trials.js';
import { tempDir } from '../helpers/temp-dir.js';

/** Runs `concertina compare ...args` in process; returns what it printed. */
async function compare(args: string[], options: { tty?: boolean } = {}): Promise<string> {
  let text = '';
  const program = new Command('concertina').option('--json').option('--runs <dir>').exitOverride();
  compareCommand(program, { write: (s: string) => (text += s), isTTY: options.tty ?? false });
  await program.parseAsync(['compare', ...args], { from: 'user' });
  return text;
}

function writeJson(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(value));
}

/** A run folder as `concertina run` leaves it, from a handful of values. */
function makeRun(
  root: string,
  id: string,
  o: { lr: number; hidden: number[]; accuracy: number; loss: number; backend?: string },
): string {
  const dir = path.join(root, id);
  writeJson(path.join(dir, 'spec.json'), {
    $schema: '../schemas/pipeline.schema.json',
    name: 'tiny',
    mode: 'staged',
    dataset: { kind: 'synthetic-tabular', params: { classes: 3 }, trainFraction: 1 },
    stages: [
      { id: 'data', kind: 'input', inputs: [], params: {} },
      {
        id: 'classifier',
        kind: 'dense-classifier',
        inputs: ['data'],
        supervision: 'label',
        params: { hidden: o.hidden },
      },
    ],
    training: { epochs: 3, optimizer: { kind: 'adam', learningRate: o.lr }, seed: 1 },
  });
  writeJson(path.join(dir, 'metrics.json'), {
    runId: id,
    metrics: { classifier: { accuracy: o.accuracy, loss: o.loss, n: 200 } },
    primary: { stageId: 'classifier', metric: 'accuracy', value: o.accuracy },
  });
  writeJson(path.join(dir, 'env.json'), {
    concertina: '0.1.0',
    node: 'v20.0.0',
    backend: { name: o.backend ?? 'wasm' },
    git: null,
    argv: ['run', id],
  });
  writeJson(path.join(dir, 'status.json'), { runId: id, state: 'completed' });
  return dir;
}

function twoRuns(): { root: string; a: string; b: string } {
  const root = tempDir();
  return {
    root,
    a: makeRun(root, 'run-a', { lr: 0.01, hidden: [16], accuracy: 0.8, loss: 0.5 }),
    b: makeRun(root, 'run-b', { lr: 0.001, hidden: [32, 32], accuracy: 0.85, loss: 0.6 }),
  };
}

test('two runs: only the params that differ, metrics per stage with the best marked', async (t) => {
  const { a, b } = twoRuns();
  const out = await compare([a, b]);
  t.regex(out, /^training\.optimizer\.learningRate\s+0\.01\s+0\.001$/m);
  t.regex(out, /^stages\.classifier\.params\.hidden\s+\[16\]\s+\[32,32\]$/m);
  t.regex(out, /params: 2 of \d+ differ \(--all shows every one\)/);
  t.notRegex(out, /dataset\.kind/);
  t.notRegex(out, /env\.argv/, 'argv differs but is not a param');
  t.regex(out, /^classifier\s+accuracy\s+80\.0%\s+85\.0% \*$/m);
  t.regex(out, /^classifier\s+loss\s+0\.5000 \*\s+0\.6000$/m, 'lower loss is better');
  t.regex(out, /^classifier\s+n\s+200\s+200$/m);
  t.false(out.includes('\u001b['), 'no ANSI codes when not a terminal');
});

test('--all shows every param; a terminal gets bold and colour', async (t) => {
  const { a, b } = twoRuns();
  const all = await compare([a, b, '--all']);
  t.regex(all, /^dataset\.kind\s+synthetic-tabular\s+synthetic-tabular$/m);
  t.regex(all, /^env\.backend\.name\s+wasm\s+wasm$/m);
  t.regex(all, /^mode\s+staged\s+staged$/m);
  const tty = await compare([a, b], { tty: true });
  t.true(tty.includes('\u001b[1;32m85.0% *\u001b[0m'), tty);
});

test(
  '--json: runs, differing params and metrics with the best index; ' + 'a bare run id is found under --runs',
  async (t) => {
    const { root, a } = twoRuns();
    const out = JSON.parse(await compare(['--json', '--runs', root, a, 'run-b'])) as {
      kind: string;
      runs: { runId: string }[];
      params: { path: string; values: unknown[] }[];
      metrics: { stageId: string; metric: string; values: number[]; best: number[] }[];
    };
    t.is(out.kind, 'runs');
    t.deepEqual(
      out.runs.map((r) => r.runId),
      ['run-a', 'run-b'],
    );
    t.deepEqual(
      out.params.map((p) => p.path),
      ['training.optimizer.learningRate', 'stages.classifier.params.hidden'],
    );
    t.deepEqual(out.params[1]!.values, [[16], [32, 32]]);
    t.deepEqual(
      out.metrics.find((m) => m.metric === 'accuracy'),
      { stageId: 'classifier', metric: 'accuracy', values: [0.8, 0.85], best: [1], differs: true },
    );
  },
);

test('a folder that is neither a run nor an ablation is a PipelineError naming it, with a hint', async (t) => {
  const dir = tempDir();
  const err = await t.throwsAsync(compare([dir]), { instanceOf: UsageError });
  t.true(err instanceof PipelineError);
  t.true(err!.message.includes(dir), err!.message);
  t.regex(err!.message, /neither a run folder nor an ablation folder/);
  t.regex(err!.hint!, /concertina runs/);
  const missing = await t.throwsAsync(compare([path.join(dir, 'nope')]), { instanceOf: UsageError });
  t.regex(missing!.message, /no such folder/);
});

test('ablations: each summary table, and with two the difference per cell', async (t) => {
  const root = tempDir();
  const ablation = (name: string, shift: number) => {
    const trials = ['staged', 'end-to-end'].flatMap((arm, i) =>
      [0.1, 1].flatMap((f) =>
        [1, 2].map((seed) =>
          trial({
            arm,
            trainFraction: f,
            seed,
            metrics: { accuracy: 0.5 + f * 0.3 + i * 0.05 + seed * 0.01 + (arm === 'staged' ? shift : 0) },
          }),
        ),
      ),
    );
    const dir = path.join(root, name);
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'report.json'), reportJson(trials, { title: name }));
    return dir;
  };
  const a = ablation('before', 0);
  const b = ablation('after', 0.02);
  const out = await compare([a, b]);
  t.regex(out, /^A: before/m);
  t.regex(out, /^B: after/m);
  t.regex(out, /^accuracy: B - A per cell \(higher is better\)$/m);
  t.regex(out, /^10%\s+\+2\.0 points \(better\)\s+0\.0 points$/m);
  const json = JSON.parse(await compare(['--json', a, b])) as {
    kind: string;
    differences: {
      metric: string;
      cells: { arm: string; trainFraction: number; difference: number; better?: boolean }[];
    }[];
  };
  t.is(json.kind, 'ablations');
  const staged = json.differences[0]!.cells.find((c) => c.arm === 'staged' && c.trainFraction === 1)!;
  t.true(Math.abs(staged.difference - 0.02) < 1e-12);
  t.is(staged.better, true);
  const mixed = await t.throwsAsync(compare([a, twoRuns().a]), { instanceOf: UsageError });
  t.regex(mixed!.message, /either runs or ablations/);
});
