/**
 * MFCC against textbook formulas computed independently in test/features/reference.ts (direct DFT, mel
 * filters from the HTK formula, DCT-II by definition, regression deltas, CMVN).
 * Tolerance: |ours - reference| <= 1e-5 * max(1, |reference|) per value. Our output is float32 (relative
 * rounding ~6e-8); the worst error measured is ~6e-8 on statics and ~5e-7 after deltas and CMVN.
 */
import test from 'ava';
import path from 'node:path';
import { StageError } from '../../src/errors/pipeline-error.js';
import { computeMfcc, defaultMfccOptions, mfccOptionProblems, mfccOutputDim } from '../../src/features/mfcc.js';
import { Random } from '../../src/util/random.js';
import { readWav } from '../../src/audio/wav.js';
import { fsddDir, fsddFiles, fsddSamplesDirect } from '../audio/fsdd.js';
import {
  dctByDefinition,
  maxScaledError,
  referenceCmvn,
  referenceDeltas,
  referenceFrames,
  referenceLogMel,
  referenceMfcc,
  type ReferenceOptions,
} from './reference.js';

const TOL = 1e-5;
const ref8k: ReferenceOptions = {
  sampleRate: 8000,
  preEmphasis: 0.97,
  frameLength: 200,
  hop: 80,
  fftSize: 256,
  melBands: 26,
  lowHz: 20,
  highHz: 4000,
  coefficients: 13,
  lifter: 22,
  floor: 1e-10,
};
const staticsOnly = { deltas: false, deltaDeltas: false, normalize: 'none' } as const;

function twoTones(rate: number, seconds: number): Float32Array {
  const r = new Random(5);
  return Float32Array.from(
    { length: Math.round(rate * seconds) },
    (_, i) =>
      0.4 * Math.sin((2 * Math.PI * 440 * i) / rate) +
      0.2 * Math.sin((2 * Math.PI * 1250 * i) / rate) +
      0.01 * r.normal(),
  );
}

const concatRows = (...parts: number[][][]): number[][] => parts[0]!.map((_, t) => parts.flatMap((p) => p[t]!));

test('static MFCCs of a synthetic two-tone signal match the textbook computation', (t) => {
  const x = twoTones(8000, 0.5);
  const ours = computeMfcc(x, 8000, staticsOnly);
  const ref = referenceMfcc(x, ref8k);
  t.is(ours.numFrames, ref.length);
  t.is(ours.dim, 13);
  const err = maxScaledError(ours.data, ours.dim, ref);
  t.log(`max scaled error ${err.toExponential(2)}`);
  t.true(err <= TOL, `error ${err}`);
});

test('MFCCs of a real FSDD recording match the textbook computation, statics and full default pipeline', (t) => {
  const x = fsddSamplesDirect('3_jackson_10.wav');
  const ref = referenceMfcc(x, ref8k);
  const statics = computeMfcc(x, 8000, staticsOnly);
  t.true(maxScaledError(statics.data, 13, ref) <= TOL);
  const full = computeMfcc(x, 8000);
  const d = referenceDeltas(ref, 2);
  const expected = referenceCmvn(concatRows(ref, d, referenceDeltas(d, 2)));
  t.is(full.dim, 39);
  const err = maxScaledError(full.data, 39, expected);
  t.log(`full pipeline max scaled error ${err.toExponential(2)}`);
  t.true(err <= TOL, `error ${err}`);
});

test(
  'other settings at 16 kHz: 40 bands, 20 coefficients, no lifter, no pre-emphasis, ' + '1024-point FFT, 100-7000 Hz',
  (t) => {
    const x = twoTones(16000, 0.3);
    const o = {
      preEmphasis: 0,
      fftSize: 1024,
      melBands: 40,
      lowHz: 100,
      highHz: 7000,
      coefficients: 20,
      lifter: 0,
      ...staticsOnly,
    };
    const ours = computeMfcc(x, 16000, o);
    const ref = referenceMfcc(x, {
      ...ref8k,
      sampleRate: 16000,
      frameLength: 400,
      hop: 160,
      ...o,
      fftSize: 1024,
      highHz: 7000,
    });
    t.is(ours.numFrames, ref.length);
    t.true(maxScaledError(ours.data, 20, ref) <= TOL);
  },
);

test("energy 'log-energy' puts the log raw frame energy in column 0; 'none' gives c1..cK", (t) => {
  const x = fsddSamplesDirect('0_george_0.wav');
  const withEnergy = computeMfcc(x, 8000, { ...staticsOnly, energy: 'log-energy' });
  const raw = referenceFrames(x, ref8k, false).map((f) =>
    Math.log(
      Math.max(
        1e-10,
        f.reduce((s, v) => s + v * v, 0),
      ),
    ),
  );
  const ref = referenceMfcc(x, ref8k).map((row, i) => [raw[i]!, ...row.slice(1)]);
  t.true(maxScaledError(withEnergy.data, 13, ref) <= TOL);
  const noC0 = computeMfcc(x, 8000, { ...staticsOnly, energy: 'none' });
  const refNoC0 = referenceLogMel(x, ref8k).map((e) =>
    dctByDefinition(e, 13, 1).map((c, j) => c * (1 + 11 * Math.sin((Math.PI * (j + 1)) / 22))),
  );
  t.true(maxScaledError(noC0.data, 13, refNoC0) <= TOL);
});

test('mfccOutputDim is coefficients * (1 + deltas + deltaDeltas) and matches computed output', (t) => {
  const x = twoTones(8000, 0.2);
  for (const [o, dim] of [
    [{}, 39],
    [{ deltas: false }, 26],
    [{ deltas: false, deltaDeltas: false }, 13],
    [{ coefficients: 20 }, 60],
    [{ deltaDeltas: false }, 26],
  ] as const) {
    t.is(mfccOutputDim(o), dim);
    t.is(computeMfcc(x, 8000, o).dim, dim);
  }
});

test('delta-deltas without deltas are the second-order deltas of the statics', (t) => {
  const x = twoTones(8000, 0.3);
  const ours = computeMfcc(x, 8000, { deltas: false, deltaDeltas: true, normalize: 'none' });
  const ref = referenceMfcc(x, ref8k);
  t.true(maxScaledError(ours.data, 26, concatRows(ref, referenceDeltas(referenceDeltas(ref, 2), 2))) <= TOL);
});

test('framing policy: padding end keeps every sample, none keeps whole frames; empty input gives no frames', (t) => {
  const x = twoTones(8000, 0.5); // 4000 samples, 200-sample window, 80 hop
  t.is(computeMfcc(x, 8000).numFrames, 1 + Math.ceil((4000 - 200) / 80));
  t.is(computeMfcc(x, 8000, { padding: 'none' }).numFrames, 1 + Math.floor((4000 - 200) / 80));
  t.is(computeMfcc(x.subarray(0, 100), 8000).numFrames, 1);
  t.is(computeMfcc(x.subarray(0, 100), 8000, { padding: 'none' }).numFrames, 0);
  const empty = computeMfcc(new Float32Array(0), 8000);
  t.deepEqual([empty.numFrames, empty.dim, empty.data.length], [0, 39, 0]);
});

test('digital silence gives finite features: the log floor, then zeros after CMVN', (t) => {
  const raw = computeMfcc(new Float32Array(2000), 8000, staticsOnly);
  t.true(raw.data.every(Number.isFinite));
  t.true(Math.abs(raw.data[0]! - Math.sqrt(26) * Math.log(1e-10)) < 1e-3, 'c0 of floor-level bands');
  t.true(computeMfcc(new Float32Array(2000), 8000).data.every((v) => v === 0));
});

test('repeated and interleaved calls give identical results (shared buffers are reset)', (t) => {
  const a = twoTones(8000, 0.4);
  const b = twoTones(16000, 0.25);
  const first = computeMfcc(a, 8000);
  computeMfcc(b, 16000);
  computeMfcc(a.subarray(0, 123), 8000);
  t.deepEqual(computeMfcc(a, 8000), first);
});

test('input longer than the reused buffer (over 2^20 samples) gives the same frames as a short prefix', (t) => {
  const long = twoTones(8000, 140);
  const prefix = computeMfcc(long.subarray(0, 8000), 8000, staticsOnly);
  const whole = computeMfcc(long, 8000, staticsOnly);
  t.is(whole.numFrames, 1 + Math.ceil((long.length - 200) / 80));
  t.deepEqual(whole.data.subarray(0, 90 * 13), prefix.data.subarray(0, 90 * 13));
});

test('bad options: StageError naming each problem; problems carry JSON pointers', (t) => {
  const x = twoTones(8000, 0.1);
  const e = t.throws(() => computeMfcc(x, 8000, { coefficients: 30 }), { instanceOf: StageError });
  t.is(e!.message, 'MFCC option coefficients (30) needs at least 30 melBands, got 26');
  t.is(e!.hint, 'raise melBands or lower coefficients');
  t.throws(() => computeMfcc(x, 8000, { highHz: 5000 }), {
    instanceOf: StageError,
    message: /highHz \(5000 Hz\) is above the Nyquist frequency of 8000 Hz audio \(4000 Hz\)/,
  });
  t.throws(() => computeMfcc(x, 8000, { fftSize: 128 }), {
    instanceOf: StageError,
    message: /fftSize \(128\) is shorter than the 200-sample window/,
  });
  t.throws(() => computeMfcc(x, 8000, { melBands: 128 }), {
    instanceOf: StageError,
    message: /^mel band 4 \(63.1-85.6 Hz\) holds no FFT bin: bins are 31.25 Hz apart \(fftSize 256 at 8000 Hz\)$/,
  });
  t.deepEqual(
    mfccOptionProblems({ window: 'blackman' as never, melbands: 40, energy: 'log' as never } as never).map(
      (p) => p.pointer,
    ),
    ['/window', '/energy', '/melbands'],
  );
  t.deepEqual(mfccOptionProblems({}), []);
  t.deepEqual(
    mfccOptionProblems({ lowHz: 300, highHz: 200 }).map((p) => p.message),
    ['MFCC option highHz (200) must be above lowHz (300)'],
  );
  t.deepEqual(
    mfccOptionProblems({ lowHz: 4000 }, 8000).map((p) => p.pointer),
    ['/lowHz'],
  );
  t.throws(() => computeMfcc(x, 0), {
    instanceOf: StageError,
    message: 'MFCC: the sample rate must be a positive number of Hz, got 0',
  });
  t.deepEqual(
    mfccOptionProblems({ coefficients: 26, energy: 'none' }).map((p) => p.message),
    ['MFCC option coefficients (26 from c1) needs at least 27 melBands, got 26'],
  );
});

test('defaults are frozen and documented values', (t) => {
  t.true(Object.isFrozen(defaultMfccOptions));
  t.like(defaultMfccOptions, {
    preEmphasis: 0.97,
    windowMs: 25,
    hopMs: 10,
    window: 'hamming',
    melBands: 26,
    coefficients: 13,
    lifter: 22,
    energy: 'c0',
    deltas: true,
    deltaDeltas: true,
    deltaWindow: 2,
    normalize: 'cmvn',
  });
});

test('every FSDD recording gives finite 39-dim MFCCs with the expected frame count', async (t) => {
  const dir = fsddDir();
  let frames = 0;
  for (const f of fsddFiles()) {
    const { samples } = await readWav(path.join(dir, f));
    const m = computeMfcc(samples, 8000);
    t.is(m.numFrames, samples.length <= 200 ? 1 : 1 + Math.ceil((samples.length - 200) / 80), f);
    t.true(m.data.every(Number.isFinite), f);
    frames += m.numFrames;
  }
  t.log(`${frames} frames`);
});
