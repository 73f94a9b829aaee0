/**
 * MFCC throughput on the Free Spoken Digit Dataset, one core, in times realtime (seconds of audio per second
 * of compute), against meyda's MFCC on the same audio in the same run.
 *
 *   node --import tsx bench/mfcc.ts [--files N] [--reps R]
 *
 * Configurations:
 *   concertina default  25 ms Hamming window, 10 ms hop, pre-emphasis, 256-point FFT, 26 mel bands, 13 liftered
 *                       coefficients + deltas + delta-deltas (39 dims) + CMVN: what a pipeline uses.
 *   concertina as meyda the closest match to meyda: 256-sample (32 ms) Hann window, 10 ms hop, no
 *                       pre-emphasis, 26 bands 0 Hz-Nyquist, 13 coefficients, no lifter, deltas or CMVN.
 *   meyda               Meyda.extract('mfcc', frame) per frame: bufferSize 256 (meyda needs a power of two, so
 *                       no 200-sample window), Hann window, 26 bands, 13 coefficients, same 80-sample hop and
 *                       the same zero-padded last frame. Remaining differences: meyda's filters are rounded to
 *                       FFT bins and drop the Nyquist bin, it takes log(x + 1) and an unnormalised DCT.
 * Audio is decoded once before timing; each configuration runs over all files, R interleaved repetitions,
 * best CPU time reported (process.cpuUsage, so other load on a shared machine inflates it less than wall time).
 */
import meydaModule from 'meyda';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeWav, type DecodedAudio } from '../src/audio/wav.js';
import { computeMfcc, type MfccOptions } from '../src/features/mfcc.js';

// meyda is CommonJS (module.exports = Meyda) while its types describe an ES default export.
const Meyda = ((meydaModule as { default?: typeof meydaModule.default }).default ??
  meydaModule) as unknown as typeof meydaModule.default;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = process.env.FSDD_DIR ?? path.resolve(root, '../shared/data/fsdd/recordings');
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

let names: string[];
try {
  names = readdirSync(dir)
    .filter((f) => f.endsWith('.wav'))
    .sort();
} catch {
  throw new Error(`FSDD recordings not found at ${dir}: set FSDD_DIR`);
}
names = names.slice(0, arg('files', names.length));
const reps = arg('reps', 5);

const t0 = performance.now();
const audio: DecodedAudio[] = names.map((f) => decodeWav(readFileSync(path.join(dir, f)), f));
const decodeSec = (performance.now() - t0) / 1000;
const seconds = audio.reduce((s, a) => s + a.durationSec, 0);

const asMeyda: Partial<MfccOptions> = {
  windowMs: 32,
  hopMs: 10,
  window: 'hann',
  fftSize: 256,
  preEmphasis: 0,
  lowHz: 0,
  lifter: 0,
  deltas: false,
  deltaDeltas: false,
  normalize: 'none',
};

function runConcertina(options: Partial<MfccOptions>): number {
  let frames = 0;
  for (const a of audio) frames += computeMfcc(a.samples, a.sampleRate, options).numFrames;
  return frames;
}

function runMeyda(): number {
  Meyda.bufferSize = 256;
  Meyda.sampleRate = 8000;
  Meyda.melBands = 26;
  Meyda.numberOfMFCCCoefficients = 13;
  Meyda.windowingFunction = 'hanning';
  const size = 256;
  const hop = 80;
  const padded = new Float32Array(size);
  let frames = 0;
  for (const a of audio) {
    const x = a.samples;
    const count = x.length <= size ? 1 : 1 + Math.ceil((x.length - size) / hop);
    for (let t = 0; t < count; t++) {
      const start = t * hop;
      let frame = x.subarray(start, start + size);
      if (frame.length < size) {
        padded.fill(0);
        padded.set(frame);
        frame = padded;
      }
      Meyda.extract('mfcc', frame);
      frames++;
    }
  }
  return frames;
}

interface Timing {
  wall: number[];
  cpu: number[];
  frames: number;
}

/** CPU seconds of this process (user + system): on a shared machine, closer to "one core" than wall time. */
function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

const configs: Array<[string, () => number]> = [
  ['concertina default (39-dim)', () => runConcertina({})],
  ['concertina as meyda (13-dim)', () => runConcertina(asMeyda)],
  ['meyda 5.6.3 (13-dim)', runMeyda],
];
const timings = new Map<string, Timing>(configs.map(([name]) => [name, { wall: [], cpu: [], frames: 0 }]));
for (const [, run] of configs) run(); // warm-up: JIT and cached tables
// Repetitions interleave the configurations, so a busy spell on the machine hits them alike.
for (let r = 0; r < reps; r++) {
  for (const [name, run] of configs) {
    const timing = timings.get(name)!;
    const cpu0 = cpuSeconds();
    const wall0 = performance.now();
    timing.frames = run();
    timing.wall.push((performance.now() - wall0) / 1000);
    timing.cpu.push(cpuSeconds() - cpu0);
  }
}

const best = (xs: number[]): number => Math.min(...xs);
console.log(
  `FSDD: ${audio.length} files, ${seconds.toFixed(1)} s of 8 kHz audio; ` +
    `decoded in ${decodeSec.toFixed(3)} s (${(seconds / decodeSec).toFixed(0)}x realtime, incl. file reads)`,
);
console.log(
  `node ${process.version}, one thread; best of ${reps} interleaved repetitions after a warm-up; ` +
    `x realtime = audio seconds / CPU seconds (wall in brackets)`,
);
for (const [name, t] of timings) {
  const cpu = best(t.cpu);
  const wall = best(t.wall);
  console.log(
    `${name.padEnd(30)} ${String(t.frames).padStart(6)} frames  cpu ${cpu.toFixed(3)} s  ` +
      `${(seconds / cpu).toFixed(0).padStart(5)}x realtime  ${((cpu / t.frames) * 1e6).toFixed(2)} us/frame  ` +
      `[wall ${wall.toFixed(3)} s, ${(seconds / wall).toFixed(0)}x]`,
  );
}
const meyda = best(timings.get('meyda 5.6.3 (13-dim)')!.cpu);
const ratio = (name: string): string => (meyda / best(timings.get(name)!.cpu)).toFixed(1);
console.log(
  `ratio vs meyda (cpu): default ${ratio('concertina default (39-dim)')}x faster, ` +
    `as-meyda ${ratio('concertina as meyda (13-dim)')}x faster`,
);
