/**
 * The exported runtime's speed and size: whole-chain inference latency per one second of speech (features,
 * networks, decoders, grammar) in Node (wasm backend) and in Chromium (the demo page's browser build, wasm),
 * for a staged and an end-to-end spoken-digits run; the runtime's bundle size (minified, gzip) and each
 * export's size.
 *
 *   node --import tsx bench/runtime.ts [--staged <run-dir>] [--end-to-end <run-dir>] [--files N]
 *
 * Without run folders it trains the spoken-digits spec on 30 recordings per digit for 10 epochs (the published
 * architecture; cached, so a rerun starts at once). Latency: mean over N held-out FSDD recordings (official
 * test takes) after 20 warm-up utterances, wall time, best of 3 rounds (the machine is shared), as
 * milliseconds per second of audio; the real-time factor is that over 1000.
 */
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { InferencePipeline, decodeWav } from '../src/runtime/index.js';
import { serveFolder } from '../src/export/static-server.js';
import { launchChromium } from '../test/helpers/chromium.js';
// @ts-expect-error a plain ES module of the build scripts, without types
import { bundle } from '../scripts/bundle-runtime.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fsdd = process.env.FSDD_DIR ?? path.resolve(root, '../shared/data/fsdd/recordings');
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const N = Number(arg('files') ?? 100);
const WARM_UP = 20;
const ROUNDS = 3;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'concertina-bench-runtime-'));
process.once('exit', () => rmSync(tmp, { recursive: true, force: true }));

function cli(args: string[]): string {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/concertina.js'), ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`concertina ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

/** A trained run of the spoken-digits spec (30 recordings per digit, 10 epochs), from the cache when it can. */
function trainedRun(mode: 'staged' | 'end-to-end'): string {
  const given = arg(mode);
  if (given) return given;
  const spec = JSON.parse(readFileSync(path.join(root, 'pipelines/spoken-digits.json'), 'utf8'));
  spec.dataset.params = { ...spec.dataset.params, path: fsdd, limit: 30 };
  spec.training.epochs = 10;
  const file = path.join(tmp, 'spoken-digits.json');
  writeFileSync(file, JSON.stringify(spec));
  const out = cli(['run', file, '--mode', mode, '--json', '--runs', path.join(tmp, 'runs')]);
  return path.join(tmp, 'runs', (JSON.parse(out) as { runId: string }).runId);
}

/** Held-out recordings: official test takes (0-4) of every speaker, spread over the digits. */
const testFiles = readdirSync(fsdd)
  .filter((f) => /^\d_[a-z]+_[0-4]\.wav$/.test(f))
  .sort()
  .filter((_, i, all) => i % Math.max(1, Math.floor(all.length / N)) === 0)
  .slice(0, N);

function folderFiles(dir: string, rel = '', out = new Map<string, Uint8Array>()): Map<string, Uint8Array> {
  for (const name of readdirSync(path.join(dir, rel))) {
    const r = rel ? `${rel}/${name}` : name;
    if (statSync(path.join(dir, r)).isDirectory()) folderFiles(dir, r, out);
    else out.set(r, new Uint8Array(readFileSync(path.join(dir, r))));
  }
  return out;
}

const kib = (b: number) => `${(b / 1024).toFixed(0)} KiB`;

interface Latency {
  readonly msPerSecond: number;
  /** CPU milliseconds per second of audio (Node only): what the wall time would be on an idle core. */
  readonly cpuMsPerSecond?: number;
  readonly words: string[];
  /** Share of the time per stage id. */
  readonly stages: Record<string, number>;
}

async function nodeLatency(bundleDir: string): Promise<Latency> {
  await tf.setBackend('wasm');
  const p = await InferencePipeline.load(folderFiles(path.join(bundleDir)));
  const audio = testFiles.map((f) => decodeWav(new Uint8Array(readFileSync(path.join(fsdd, f))), f));
  const seconds = audio.reduce((s, a) => s + a.durationSec, 0);
  for (const a of audio.slice(0, WARM_UP)) p.recognize(a.samples, a.sampleRate);
  let best = Infinity;
  let cpu = Infinity;
  let words: string[] = [];
  const stages: Record<string, number> = {};
  for (let round = 0; round < ROUNDS; round++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const rs = audio.map((a) => p.recognize(a.samples, a.sampleRate));
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    cpu = Math.min(cpu, (c.user + c.system) / 1000);
    if (ms < best) {
      best = ms;
      words = rs.map((r) => r.text);
      for (const k of Object.keys(stages)) delete stages[k];
      for (const r of rs) for (const [id, t] of Object.entries(r.timings)) stages[id] = (stages[id] ?? 0) + t / ms;
    }
  }
  p.dispose();
  return { msPerSecond: best / seconds, cpuMsPerSecond: cpu / seconds, words, stages };
}

async function chromiumLatency(demoDir: string): Promise<Latency> {
  mkdirSync(path.join(demoDir, 'wav'), { recursive: true });
  for (const f of testFiles) copyFileSync(path.join(fsdd, f), path.join(demoDir, 'wav', f));
  const server = await serveFolder(demoDir);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}manifest.json`); // same origin as the runtime it imports
    const script = `(async (files) => {
      const rt = await import('${server.url}concertina-runtime.js');
      await rt.useWasm('${server.url}');
      const p = await rt.InferencePipeline.load('${server.url}');
      const audio = [];
      for (const f of files) {
        const bytes = new Uint8Array(await (await fetch('${server.url}wav/' + f)).arrayBuffer());
        audio.push(rt.decodeWav(bytes, f));
      }
      for (const a of audio.slice(0, ${WARM_UP})) p.recognize(a.samples, a.sampleRate);
      let best = Infinity, words = [], stages = {};
      for (let round = 0; round < ${ROUNDS}; round++) {
        const t0 = performance.now();
        const rs = audio.map((a) => p.recognize(a.samples, a.sampleRate));
        const ms = performance.now() - t0;
        if (ms < best) {
          best = ms;
          words = rs.map((r) => r.text);
          stages = {};
          for (const r of rs) for (const [id, t] of Object.entries(r.timings)) stages[id] = (stages[id] ?? 0) + t / ms;
        }
      }
      return { msPerSecond: best / audio.reduce((s, a) => s + a.durationSec, 0), words, stages };
    })(${JSON.stringify(testFiles)})`;
    return (await page.evaluate(script)) as Latency;
  } finally {
    await browser.close();
    await server.close();
  }
}

const sizes = [
  ['concertina/runtime (tfjs-core, layers, cpu backend)', 'dist/src/runtime/index.js'],
  ['browser build (+ wasm backend; .wasm files apart)', 'dist/src/runtime/browser.js'],
] as const;
console.log(`runtime bundle sizes (esbuild, minified; gzip -9):`);
for (const [what, entry] of sizes) {
  const out = path.join(path.relative(root, tmp), `${path.basename(entry)}`);
  await bundle(entry, out);
  const bytes = readFileSync(path.join(root, out));
  console.log(
    `  ${what.padEnd(52)} ${kib(bytes.length).padStart(8)} min, ${kib(gzipSync(bytes, { level: 9 }).length)} gzip`,
  );
}
const wasm = readFileSync(
  path.join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'),
);
console.log(
  `  ${'tfjs-backend-wasm-simd.wasm'.padEnd(52)} ${kib(wasm.length).padStart(8)}, ${kib(gzipSync(wasm).length)} gzip`,
);

console.log(`\nwhole-chain latency over ${testFiles.length} FSDD test recordings (ms per second of audio; RTF):`);
for (const mode of ['staged', 'end-to-end'] as const) {
  const run = trainedRun(mode);
  const out = path.join(tmp, `bundle-${mode}`);
  cli(['export', run, '--out', out, '--demo']);
  const bundleBytes = readdirSync(out, { recursive: true })
    .map(String)
    .filter((f) => f === 'manifest.json' || /model\.json$|weights\.bin$/.test(f))
    .reduce((n, f) => n + statSync(path.join(out, f)).size, 0);
  const node = await nodeLatency(out);
  const chromium = await chromiumLatency(out);
  const same = node.words.filter((w, i) => w === chromium.words[i]).length;
  const metrics = JSON.parse(readFileSync(path.join(run, 'metrics.json'), 'utf8')) as {
    metrics: Record<string, Record<string, number>>;
  };
  const acc = metrics.metrics.sentence?.accuracy;
  console.log(
    `  ${mode.padEnd(11)} Node ${node.msPerSecond.toFixed(2)} ms (RTF ${(node.msPerSecond / 1000).toFixed(4)}; ` +
      `CPU ${node.cpuMsPerSecond!.toFixed(2)} ms), ` +
      `Chromium ${chromium.msPerSecond.toFixed(2)} ms (RTF ${(chromium.msPerSecond / 1000).toFixed(4)}); ` +
      `same words ${same}/${node.words.length}; export ${kib(bundleBytes)}` +
      (acc !== undefined ? `; run accuracy ${(100 * acc).toFixed(1)}%` : ''),
  );
  const share = (l: Latency) =>
    Object.entries(l.stages)
      .filter(([, v]) => v >= 0.005)
      .map(([id, v]) => `${id} ${(100 * v).toFixed(0)}%`)
      .join(', ');
  console.log(`              time per stage: Node ${share(node)}; Chromium ${share(chromium)}`);
}
console.log(`  target: under 20 ms per one-second utterance; machine load ${os.loadavg()[0]!.toFixed(2)} (1-min)`);
