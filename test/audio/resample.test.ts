import test from 'ava';
import { resample, RESAMPLE_QUALITY } from '../../src/audio/resample.js';

function tone(freq: number, rate: number, seconds: number, amplitude = 0.5): Float32Array {
  return Float32Array.from(
    { length: Math.round(rate * seconds) },
    (_, i) => amplitude * Math.sin((2 * Math.PI * freq * i) / rate + 0.3),
  );
}

/**
 * Least-squares fit of a*sin + b*cos + c at `freq` over the middle half of `y` (away from edge effects):
 * the fitted amplitude, and the RMS of what the fit leaves (anything not at `freq`) relative to it.
 */
function fitTone(y: Float32Array, freq: number, rate: number): { amplitude: number; residualDb: number; rms: number } {
  const lo = Math.floor(y.length / 4);
  const hi = Math.floor((3 * y.length) / 4);
  const w = (2 * Math.PI * freq) / rate;
  // Normal equations for [sin, cos, 1].
  const A = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  const r = [0, 0, 0];
  for (let i = lo; i < hi; i++) {
    const basis = [Math.sin(w * i), Math.cos(w * i), 1];
    for (let p = 0; p < 3; p++) {
      r[p]! += basis[p]! * y[i]!;
      for (let q = 0; q < 3; q++) A[p]![q]! += basis[p]! * basis[q]!;
    }
  }
  const [a, b, c] = solve3(A, r);
  let res = 0;
  let rms = 0;
  for (let i = lo; i < hi; i++) {
    const e = y[i]! - (a * Math.sin(w * i) + b * Math.cos(w * i) + c);
    res += e * e;
    rms += y[i]! * y[i]!;
  }
  const amplitude = Math.hypot(a, b);
  return {
    amplitude,
    residualDb: 20 * Math.log10(Math.sqrt((2 * res) / (hi - lo)) / amplitude),
    rms: Math.sqrt(rms / (hi - lo)),
  };
}

function solve3(A: number[][], r: number[]): [number, number, number] {
  const m = A.map((row, i) => [...row, r[i]!]);
  for (let c = 0; c < 3; c++) {
    const p = m.reduce((best, row, i) => (i >= c && Math.abs(row[c]!) > Math.abs(m[best]![c]!) ? i : best), c);
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let i = 0; i < 3; i++) {
      if (i === c) continue;
      const f = m[i]![c]! / m[c]![c]!;
      for (let j = c; j < 4; j++) m[i]![j]! -= f * m[c]![j]!;
    }
  }
  return [m[0]![3]! / m[0]![0]!, m[1]![3]! / m[1]![1]!, m[2]![3]! / m[2]![2]!];
}

const db = (ratio: number): number => 20 * Math.log10(ratio);

test('equal rates return an identical copy', (t) => {
  const x = tone(440, 8000, 0.1);
  const y = resample(x, 8000, 8000);
  t.deepEqual(y, x);
  t.not(y, x);
});

test('output length is round(n * to / from), for rational and irrational ratios', (t) => {
  for (const [n, from, to] of [
    [1000, 22050, 8000],
    [12345, 44100, 16000],
    [777, 8000, 16000],
    [1001, 16000, 8000],
    [5000, 44101, 16000],
    [999, 16000, 11025.5],
    [1, 8000, 16000],
    [0, 8000, 16000],
    [3, 48000, 8000],
  ]) {
    t.is(resample(new Float32Array(n), from, to).length, Math.round((n * to) / from), `${n} samples ${from} -> ${to}`);
  }
});

// A tone below the new Nyquist keeps its amplitude (0.1 dB) and its frequency (the output is that tone and
// nothing else to -60 dB), through the polyphase path (integer rates) and the interpolated path.
const keeps: Array<[number, number, number]> = [
  [22050, 8000, 1000],
  [44100, 16000, 3000],
  [16000, 8000, 3000],
  [8000, 16000, 1000],
  [8000, 16000, 3200],
  [48000, 44100, 15000],
  [44101, 16000, 2500],
  [16000, 11025.5, 4000],
];
for (const [from, to, freq] of keeps) {
  test(`${freq} Hz survives ${from} -> ${to} Hz with amplitude within 0.1 dB and no other content`, (t) => {
    const y = resample(tone(freq, from, 0.5), from, to);
    const fit = fitTone(y, freq, to);
    t.true(Math.abs(db(fit.amplitude / 0.5)) < 0.1, `amplitude changed by ${db(fit.amplitude / 0.5).toFixed(4)} dB`);
    t.true(fit.residualDb < -60, `residual ${fit.residualDb.toFixed(1)} dB`);
  });
}

// A tone above the new Nyquist would alias; it must be attenuated by more than 60 dB.
const removed: Array<[number, number, number]> = [
  [16000, 8000, 5000],
  [22050, 8000, 4500],
  [44100, 16000, 10000],
  [44100, 8000, 6000],
  [44101, 16000, 9000],
];
for (const [from, to, freq] of removed) {
  test(`${freq} Hz is attenuated by more than 60 dB going ${from} -> ${to} Hz`, (t) => {
    const y = resample(tone(freq, from, 0.5), from, to);
    const { rms } = fitTone(y, freq, to);
    const attenuation = -db(rms / (0.5 / Math.SQRT2));
    t.true(attenuation > 60, `only ${attenuation.toFixed(1)} dB`);
  });
}

test('every quality preset keeps a passband tone and removes an alias', (t) => {
  for (const q of Object.keys(RESAMPLE_QUALITY) as Array<keyof typeof RESAMPLE_QUALITY>) {
    const pass = fitTone(resample(tone(1000, 16000, 0.5), 16000, 8000, q), 1000, 8000);
    t.true(Math.abs(db(pass.amplitude / 0.5)) < 0.1, `${q}: passband ${db(pass.amplitude / 0.5)} dB`);
    const stop = fitTone(resample(tone(5500, 16000, 0.5), 16000, 8000, q), 5500, 8000);
    t.true(-db(stop.rms / (0.5 / Math.SQRT2)) > 60, `${q}: stopband`);
  }
});

test('DC gain is 1 and a constant stays constant away from the edges', (t) => {
  const y = resample(new Float32Array(4000).fill(0.25), 8000, 16000);
  for (let i = 200; i < y.length - 200; i++) t.true(Math.abs(y[i]! - 0.25) < 1e-5, `sample ${i}: ${y[i]}`);
});

test('invalid rates are rejected', (t) => {
  t.throws(() => resample(new Float32Array(4), 0, 8000), {
    instanceOf: RangeError,
    message: /fromRate must be a positive number/,
  });
  t.throws(() => resample(new Float32Array(4), 8000, NaN), { instanceOf: RangeError, message: /toRate/ });
});

test('10 s of 44.1 kHz audio resamples to 16 kHz quickly (logged)', (t) => {
  const x = tone(440, 44100, 10);
  resample(x.subarray(0, 1000), 44100, 16000);
  const t0 = performance.now();
  const y = resample(x, 44100, 16000);
  const ms = performance.now() - t0;
  t.log(`44.1k -> 16k: ${ms.toFixed(1)} ms for 10 s (${(10000 / ms).toFixed(0)}x realtime)`);
  t.is(y.length, 160000);
});
