import test from 'ava';
import { SpectrumAnalyzer, nextPowerOfTwo, powerSpectrum } from '../../src/features/fft-power.js';
import { Random } from '../../src/util/random.js';
import { directPowerSpectrum } from './reference.js';

const r = new Random(2);
const frame = Array.from({ length: 200 }, () => r.normal());

test('power spectrum equals the direct DFT (bins 0..N/2, frame zero-padded to 256)', (t) => {
  const ours = powerSpectrum(frame);
  const ref = directPowerSpectrum(frame, 256);
  t.is(ours.length, 129);
  ref.forEach((v, k) => t.true(Math.abs(ours[k]! - v) <= 1e-9 * Math.max(1, v), `bin ${k}: ${ours[k]} vs ${v}`));
});

test('Parseval: sum over the full spectrum equals N * sum x^2', (t) => {
  const p = powerSpectrum(frame, 512);
  const full = p[0]! + p[256]! + 2 * p.subarray(1, 256).reduce((a, b) => a + b, 0);
  const energy = frame.reduce((s, v) => s + v * v, 0);
  t.true(Math.abs(full / (512 * energy) - 1) < 1e-12);
});

test('an analyzer reuses its buffers: repeated frames give identical spectra; magnitude is sqrt(power)', (t) => {
  const a = new SpectrumAnalyzer(256);
  const first = new Float64Array(129);
  const again = new Float64Array(129);
  frame.forEach((v, i) => (a.input[i] = v));
  a.power(first);
  a.power(again);
  t.deepEqual(again, first);
  const mag = new Float64Array(129);
  a.magnitude(mag);
  mag.forEach((m, k) => t.true(Math.abs(m * m - first[k]!) <= 1e-9 * Math.max(1, first[k]!)));
});

test('sizes: next power of two; non-powers of two are rejected', (t) => {
  t.deepEqual([1, 2, 3, 200, 256, 257, 400].map(nextPowerOfTwo), [1, 2, 4, 256, 256, 512, 512]);
  t.throws(() => new SpectrumAnalyzer(200), { instanceOf: RangeError, message: /power of two/ });
  t.throws(() => powerSpectrum(frame, 128), { instanceOf: RangeError, message: /does not fit/ });
});
