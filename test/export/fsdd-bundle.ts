/** A small FSDD run, trained, exported and evaluated through the CLI, for the export and runtime tests. */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fsddDir, fsddFiles } from '../audio/fsdd.js';
import { cli, repoRoot } from '../helpers/cli.js';

export interface TrainedBundle {
  readonly runDir: string;
  readonly bundle: string;
  /** What `concertina eval --data <heldOut> --predictions` wrote: each recording's words. */
  readonly predictions: readonly { id: string; source: string; words: string[] }[];
  readonly env: NodeJS.ProcessEnv;
}

/** 60 recordings of speaker theo (takes 0-5 of each digit), whom the runs never train on. */
export function heldOut(dir: string): string {
  const out = path.join(dir, 'held-out');
  mkdirSync(out, { recursive: true });
  for (const f of fsddFiles().filter((x) => /^\d_theo_[0-5]\.wav$/.test(x)))
    copyFileSync(path.join(fsddDir(), f), path.join(out, f));
  return out;
}

/** The spoken-digits spec, small: 12 recordings per digit, theo held out, a few epochs. */
export function smallSpec(dir: string, epochs = 6): string {
  const file = path.join(dir, 'digits.json');
  const doc = JSON.parse(readFileSync(path.join(repoRoot, 'pipelines/spoken-digits.json'), 'utf8'));
  doc.dataset.params = { path: fsddDir(), limit: 12 };
  doc.dataset.split = { kind: 'by-group', test: ['theo'] };
  // SpecAugment and dropout stay in: export must take them out.
  doc.stages[2].params = {
    layers: 2,
    units: 32,
    downsample: 2,
    dropout: 0.1,
    specAugment: { freqMasks: 1, freqWidth: 4, timeMasks: 1, timeWidth: 4 },
  };
  doc.stages[3].params = { maxWords: 1, layers: 1, units: 16, dropout: 0.1 };
  doc.training = { epochs, batchSize: 16, seed: 1, optimizer: { kind: 'adam', learningRate: 0.003 } };
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

/**
 * Trains the small spec in `mode` (with `runArgs`, e.g. --set transforms=...), exports the run (with
 * `exportArgs`) and evaluates it on `data` with --predictions. `tag` names its bundle folder.
 */
export async function trainExportEval(
  dir: string,
  mode: 'staged' | 'end-to-end',
  data: string,
  exportArgs: string[] = [],
  runArgs: string[] = [],
  tag: string = mode,
): Promise<TrainedBundle> {
  const env = { CONCERTINA_RUNS: path.join(dir, 'runs'), CONCERTINA_CACHE: path.join(dir, 'cache') };
  const run = await cli(['run', smallSpec(dir), '--mode', mode, '--json', ...runArgs], { env, timeoutMs: 300_000 });
  if (run.code !== 0) throw new Error(`run failed: ${run.stderr}`);
  const runDir = path.join(dir, 'runs', (JSON.parse(run.stdout) as { runId: string }).runId);
  const bundle = path.join(dir, `bundle-${tag}`);
  const ex = await cli(['export', runDir, '--out', bundle, ...exportArgs], { env, timeoutMs: 300_000 });
  if (ex.code !== 0) throw new Error(`export failed: ${ex.stderr}`);
  const file = path.join(dir, `predictions-${tag}.json`);
  const ev = await cli(['eval', runDir, '--data', data, '--predictions', file], { env, timeoutMs: 300_000 });
  if (ev.code !== 0) throw new Error(`eval failed: ${ev.stderr}`);
  return { runDir, bundle, predictions: JSON.parse(readFileSync(file, 'utf8')), env };
}

/** Every file of a bundle folder in memory, as the runtime takes it. */
export function bundleFiles(dir: string, rel = '', out = new Map<string, Uint8Array>()): Map<string, Uint8Array> {
  for (const name of readdirSync(path.join(dir, rel))) {
    const r = rel ? `${rel}/${name}` : name;
    if (statSync(path.join(dir, r)).isDirectory()) bundleFiles(dir, r, out);
    else out.set(r, new Uint8Array(readFileSync(path.join(dir, r))));
  }
  return out;
}
