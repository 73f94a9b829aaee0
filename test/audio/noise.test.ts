import test from 'ava';
import { addNoise } from '../../src/audio/noise.js';
import { Random } from '../../src/util/random.js';

const signal = Float32Array.from({ length: 8000 }, (_, i) => 0.3 * Math.sin(i * 0.07));
const power = (x: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  return s / x.length;
};

test('the added noise has exactly the requested SNR', (t) => {
  for (const snr of [-5, 0, 10, 20, 40]) {
    const y = addNoise(signal, snr, new Random(1));
    const noise = y.map((v, i) => v - signal[i]!);
    const measured = 10 * Math.log10(power(signal) / power(noise));
    t.true(Math.abs(measured - snr) < 0.01, `asked ${snr} dB, got ${measured}`);
  }
});

test('the noise is white, zero-mean and roughly Gaussian', (t) => {
  const y = addNoise(new Float32Array(20000).fill(0.5), 0, new Random(7));
  const noise = Array.from(y, (v) => v - 0.5);
  const mean = noise.reduce((a, b) => a + b, 0) / noise.length;
  const sd = Math.sqrt(power(noise));
  t.true(Math.abs(mean) < 0.02 * sd, `mean ${mean}`);
  let lag1 = 0;
  for (let i = 1; i < noise.length; i++) lag1 += noise[i]! * noise[i - 1]!;
  t.true(Math.abs(lag1 / noise.length / (sd * sd)) < 0.03, 'lag-1 autocorrelation near 0');
  const within1 = noise.filter((v) => Math.abs(v) < sd).length / noise.length;
  t.true(Math.abs(within1 - 0.6827) < 0.02, `${within1} within one sd`);
});

test('same seed, same noise; another seed, other noise; the input is untouched', (t) => {
  const copy = signal.slice();
  t.deepEqual(addNoise(signal, 10, new Random(3)), addNoise(signal, 10, new Random(3)));
  t.notDeepEqual(addNoise(signal, 10, new Random(3)), addNoise(signal, 10, new Random(4)));
  t.deepEqual(signal, copy);
});

test('silence is returned unchanged; a non-finite SNR is rejected', (t) => {
  t.deepEqual(addNoise(new Float32Array(10), 10, new Random(1)), new Float32Array(10));
  t.throws(() => addNoise(signal, NaN, new Random(1)), {
    instanceOf: RangeError,
    message: /snrDb must be a finite number/,
  });
});
