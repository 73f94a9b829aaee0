/**
 * Throughput of the synthetic speech generator on 10 digits x N utterances (default 20): cold in-process
 * (1 worker, engine start-up included), warm in-process (per-utterance cost), cold pools of 2 and
 * one-per-core threads (the calling thread included, worker start-up included), and a cache hit; against the
 * baseline of one fresh espeak-ng instance per utterance (the package's plain usage, measured on a few utterances
 * in the same run).
 * Run: node --import tsx bench/synthetic.ts [utterancesPerWord]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileEspeak, loadEspeakFactory, wasmApi } from '../src/speech/espeak/espeak-module.js';
import { voiceArgs } from '../src/speech/espeak/synthesize.js';
import { loadOrGenerate } from '../src/speech/synthetic/corpus-cache.js';
import { generateSyntheticSpeech } from '../src/speech/synthetic/generate.js';
import type { SyntheticSpeechOptions } from '../src/speech/synthetic/options.js';

const perWord = Number(process.argv[2] ?? 20);
const digits = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const options: SyntheticSpeechOptions = { vocabulary: digits, utterancesPerWord: perWord, seed: 1, sampleRate: 16000 };
const total = digits.length * perWord;

/** Seconds of `f`. */
async function seconds(f: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await f();
  return (performance.now() - start) / 1000;
}

// Baseline: a fresh Emscripten instance per utterance, from a module compiled once.
const module = await compileEspeak();
const factory = await loadEspeakFactory();
const baselineCount = 8;
const baselineSec = await seconds(async () => {
  for (let i = 0; i < baselineCount; i++) {
    const args = voiceArgs(digits[i % 10]!, { variant: 'm3', speed: 170, pitch: 50, pitchRange: 50 }, '/tmp/o.wav');
    const es = await factory({
      arguments: args,
      print: () => {},
      printErr: () => {},
      instantiateWasm: (imports, done) => (
        void wasmApi.instantiate(module, imports).then((inst) => done(inst, module)),
        {}
      ),
    });
    es.FS.readFile('/tmp/o.wav');
  }
});
const baselineRate = baselineCount / baselineSec;

const rows: Array<[string, number, number]> = []; // label, utterances, seconds
rows.push([`baseline: fresh instance per utterance (${baselineCount})`, baselineCount, baselineSec]);
rows.push([
  'cold, 1 worker (in-process, engine start-up)',
  total,
  await seconds(() => generateSyntheticSpeech({ ...options, workers: 1 })),
]);
rows.push([
  'warm, 1 worker (in-process)',
  total,
  await seconds(() => generateSyntheticSpeech({ ...options, workers: 1 })),
]);
for (const workers of [...new Set([2, availableParallelism()])]) {
  rows.push([
    `cold, ${workers} worker threads`,
    total,
    await seconds(() => generateSyntheticSpeech({ ...options, workers })),
  ]);
}
const dir = await mkdtemp(join(tmpdir(), 'concertina-bench-'));
try {
  await loadOrGenerate({ ...options, workers: 1 }, dir);
  rows.push(['cache hit (loadOrGenerate)', total, await seconds(() => loadOrGenerate(options, dir))]);
} finally {
  await rm(dir, { recursive: true, force: true });
}

console.log(`synthetic speech: 10 digits x ${perWord} = ${total} utterances, 16 kHz, ${availableParallelism()} cores`);
console.log('setting'.padEnd(48), 'utt/s'.padStart(9), 'ms/utt'.padStart(8), 'x baseline'.padStart(11));
for (const [label, n, sec] of rows) {
  const rate = n / sec;
  console.log(
    label.padEnd(48),
    rate.toFixed(1).padStart(9),
    ((1000 * sec) / n).toFixed(2).padStart(8),
    (rate / baselineRate).toFixed(1).padStart(11),
  );
}
