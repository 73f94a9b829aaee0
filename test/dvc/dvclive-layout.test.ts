// The DVCLive format, as its documentation describes it (dvc.org/doc/dvclive, "How it works", log_metric,
// make_dvcyaml; dvc.yaml's schema, iterative/dvcyaml-schema): a metrics.json summary of hierarchical numbers,
// per-step series in plots/metrics/<name>.tsv whose header is `step\t<last part of the name>` (timestamps only
// when asked), and a dvc.yaml with top-level `metrics` and `params` (lists of files) and `plots` (a list of paths or
// of one-key maps with x/y/template). Checked here against that description, not against a DVC install.
import test, { type ExecutionContext } from 'ava';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { writeReport } from '../../src/ablation/report/write-report.js';
import { appendEpochSeries, dvcName, writeRunDvcYaml } from '../../src/dvc/dvclive-layout.js';
import { yamlText } from '../../src/dvc/yaml-text.js';
import { realisticTrials } from '../fixtures/ablation/trials.js';
import { tempDir } from '../helpers/temp-dir.js';

/** dvc.yaml's top-level keys (dvcyaml-schema: `additionalProperties: false`). */
const TOP_LEVEL = new Set(['vars', 'stages', 'plots', 'params', 'metrics', 'artifacts']);
/** Keys a plot definition may have (dvcyaml-schema, PlotProps). */
const PLOT_KEYS = new Set(['x', 'y', 'template', 'title', 'x_label', 'y_label']);

function readTsv(file: string): { header: string[]; rows: string[][] } {
  const text = readFileSync(file, 'utf8');
  const [head, ...lines] = text.trimEnd().split('\n');
  return { header: head!.split('\t'), rows: lines.map((l) => l.split('\t')) };
}

/** Checks a dvc.yaml against the schema's shape; returns it parsed. */
function checkDvcYaml(t: ExecutionContext, dir: string): Record<string, unknown> {
  const doc = parse(readFileSync(path.join(dir, 'dvc.yaml'), 'utf8')) as Record<string, unknown>;
  t.deepEqual(
    Object.keys(doc).filter((k) => !TOP_LEVEL.has(k)),
    [],
  );
  for (const key of ['metrics', 'params'] as const) {
    if (doc[key] === undefined) continue;
    const files = doc[key] as unknown[];
    t.true(Array.isArray(files) && files.every((f) => typeof f === 'string'), `${key} lists files`);
    for (const f of files as string[]) t.notThrows(() => readFileSync(path.join(dir, f)), `${key}: ${f} exists`);
  }
  for (const plot of doc.plots as unknown[]) {
    if (typeof plot === 'string') continue;
    const entries = Object.entries(plot as Record<string, Record<string, unknown>>);
    t.is(entries.length, 1, 'a plot is a one-key map');
    t.deepEqual(
      Object.keys(entries[0]![1]).filter((k) => !PLOT_KEYS.has(k)),
      [],
    );
  }
  return doc;
}

test('a run folder: per-epoch TSVs with step and metric columns, metrics.json and dvc.yaml declaring them', (t) => {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'spec.json'), JSON.stringify({ name: 'digits', training: { epochs: 3 } }));
  writeRunDvcYaml(dir, false);
  const early = checkDvcYaml(t, dir);
  t.is(early.metrics, undefined, 'no metrics.json declared before it exists');
  for (const epoch of [1, 2, 3])
    appendEpochSeries(dir, { stageId: 'classify', epoch, loss: 1 / epoch, metrics: { accuracy: epoch / 4 } });
  appendEpochSeries(dir, { stageId: 'frames/mel', epoch: 1, loss: 0.5, metrics: { 'val loss': NaN } });
  writeFileSync(path.join(dir, 'metrics.json'), JSON.stringify({ metrics: { classify: { accuracy: 0.75 } } }));
  writeRunDvcYaml(dir, true);
  const doc = checkDvcYaml(t, dir);
  t.deepEqual(doc.metrics, ['metrics.json']);
  t.deepEqual(doc.params, ['spec.json']);
  t.deepEqual(doc.plots, [{ 'plots/metrics': { x: 'step' } }]);
  t.deepEqual(readdirSync(path.join(dir, 'plots/metrics')).sort(), ['classify', 'frames_mel']);
  t.deepEqual(readdirSync(path.join(dir, 'plots/metrics/classify')).sort(), ['accuracy.tsv', 'loss.tsv']);
  t.deepEqual(readdirSync(path.join(dir, 'plots/metrics/frames_mel')), ['loss.tsv'], 'NaN values are left out');
  const acc = readTsv(path.join(dir, 'plots/metrics/classify/accuracy.tsv'));
  t.deepEqual(acc.header, ['step', 'accuracy']);
  t.deepEqual(acc.rows, [
    ['1', '0.25'],
    ['2', '0.5'],
    ['3', '0.75'],
  ]);
  t.deepEqual(readTsv(path.join(dir, 'plots/metrics/classify/loss.tsv')).header, ['step', 'loss']);
});

test('an ablation folder: metrics per metric/arm/fraction and one overlaid plot per metric', async (t) => {
  const dir = tempDir();
  await writeReport(dir, realisticTrials());
  const doc = checkDvcYaml(t, dir);
  t.deepEqual(doc.metrics, ['metrics.json']);
  const plots = doc.plots as Record<string, { x: string; y: Record<string, string> }>[];
  t.deepEqual(
    plots.map((p) => Object.keys(p)[0]),
    ['accuracy against training examples', 'wer against training examples'],
  );
  const accuracy = plots[0]!['accuracy against training examples']!;
  t.is(accuracy.x, 'examples');
  t.deepEqual(Object.keys(accuracy.y), [
    'plots/learning-curves/accuracy/staged.tsv',
    'plots/learning-curves/accuracy/end-to-end.tsv',
    'plots/learning-curves/accuracy/transfer.tsv',
  ]);
  for (const [file, column] of Object.entries(accuracy.y)) {
    const tsv = readTsv(path.join(dir, file));
    t.deepEqual(tsv.header.slice(0, 2), ['examples', column]);
    t.is(tsv.rows.length, 5, file);
    t.true(tsv.rows.every((r) => r.every((v) => Number.isFinite(Number(v)))));
  }
  const metrics = JSON.parse(readFileSync(path.join(dir, 'metrics.json'), 'utf8')) as Record<
    string,
    Record<string, Record<string, { mean: number; std: number; n: number }>>
  >;
  t.deepEqual(Object.keys(metrics), ['accuracy', 'wer']);
  t.is(Object.keys(metrics.accuracy!.staged!).length, 5);
  t.is(typeof metrics.accuracy!.staged!['f1']!.mean, 'number');
});

test('names become one safe path segment; YAML strings cannot change the structure', (t) => {
  t.is(dvcName('a/b c'), 'a_b_c');
  t.is(dvcName('..'), '_');
  t.is(dvcName(''), '_');
  const tricky = { 'a: b': ['x\n- y', '#c'], n: [1, 2.5], e: [], m: {} };
  t.deepEqual(parse(yamlText(tricky, 'two\nlines')), tricky);
});
