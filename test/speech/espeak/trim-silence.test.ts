import test from 'ava';
import { DEFAULT_TRIM, speechBounds, trimSilence } from '../../../src/speech/espeak/trim-silence.js';

const SR = 1000; // 10 samples per 10 ms frame
const burst = (lead: number, body: number, tail: number, amp = 0.5): Float32Array => {
  const x = new Float32Array(lead + body + tail);
  for (let i = 0; i < body; i++) x[lead + i] = amp * Math.sin(i * 0.9);
  return x;
};

test('leading and trailing silence go, with 20 ms padding kept', (t) => {
  const x = burst(300, 200, 400);
  const [start, end] = speechBounds(x, SR);
  const pad = (DEFAULT_TRIM.paddingMs * SR) / 1000;
  t.is(start, 300 - pad);
  t.is(end, 500 + pad);
  t.is(trimSilence(x, SR).length, end - start);
});

test('frames more than 40 dB under the loudest frame count as silence', (t) => {
  const x = burst(300, 200, 300);
  for (let i = 0; i < 100; i++) x[i] = 0.004 * Math.sin(i); // about -45 dB re the burst
  for (let i = 100; i < 150; i++) x[i] = 0.05 * Math.sin(i); // about -20 dB: speech
  const [start] = speechBounds(x, SR);
  t.is(start, 100 - 20);
});

test('inner pauses are kept and an all-quiet clip becomes empty', (t) => {
  const x = new Float32Array(1000);
  for (let i = 200; i < 300; i++) x[i] = 0.5 * Math.sin(i);
  for (let i = 600; i < 700; i++) x[i] = 0.5 * Math.sin(i);
  t.deepEqual(speechBounds(x, SR), [180, 720]);
  t.deepEqual(speechBounds(new Float32Array(500), SR), [0, 0]);
  const hiss = Float32Array.from({ length: 500 }, (_, i) => 1e-4 * Math.sin(i)); // -83 dBFS, under the floor
  t.is(trimSilence(hiss, SR).length, 0);
});
