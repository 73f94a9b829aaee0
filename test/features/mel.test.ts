import test from 'ava';
import { StageError } from '../../src/errors/pipeline-error.js';
import { filterbankMatrix, hzToMel, melFilterbank, melToHz } from '../../src/features/mel.js';
import { textbookMelFilters, type ReferenceOptions } from './reference.js';

test('HTK mel scale: 1000 Hz is ~1000 mel, and melToHz inverts hzToMel', (t) => {
  t.true(Math.abs(hzToMel(1000) - 1000) < 0.02);
  t.true(Math.abs(hzToMel(700) - 2595 * Math.log10(2)) < 1e-9);
  for (const f of [0, 20, 300, 1000, 3999, 8000, 22050]) t.true(Math.abs(melToHz(hzToMel(f)) - f) < 1e-6);
});

test('Slaney mel scale: linear 200/3 Hz per mel to 1 kHz (15 mel), then 27 mel per factor 6.4', (t) => {
  t.true(Math.abs(hzToMel(500, 'slaney') - 7.5) < 1e-12);
  t.true(Math.abs(hzToMel(1000, 'slaney') - 15) < 1e-12);
  t.true(Math.abs(hzToMel(6400, 'slaney') - 42) < 1e-9);
  for (const f of [0, 20, 999, 1000, 1001, 4000, 8000])
    t.true(Math.abs(melToHz(hzToMel(f, 'slaney'), 'slaney') - f) < 1e-6);
});

const spec = {
  sampleRate: 8000,
  fftSize: 256,
  numBands: 26,
  lowHz: 20,
  highHz: 4000,
  scale: 'htk',
  norm: 'none',
} as const;

test('the filterbank equals triangles from the textbook formula', (t) => {
  const ref = textbookMelFilters({
    sampleRate: 8000,
    fftSize: 256,
    melBands: 26,
    lowHz: 20,
    highHz: 4000,
  } as ReferenceOptions);
  const dense = filterbankMatrix(melFilterbank(spec));
  let worst = 0;
  ref.forEach((row, m) => row.forEach((w, k) => (worst = Math.max(worst, Math.abs(dense[m * 129 + k]! - w)))));
  t.true(worst < 1e-12, `worst ${worst}`);
});

test('slaney norm scales each triangle to unit area in Hz; slaney scale spaces corners on its own scale', (t) => {
  const plain = melFilterbank(spec);
  const normed = melFilterbank({ ...spec, norm: 'slaney' });
  for (let m = 0; m < 26; m++) {
    const gain = 2 / (plain.edgesHz[m + 2]! - plain.edgesHz[m]!);
    for (let i = plain.offset[m]!; i < plain.offset[m + 1]!; i++)
      t.true(Math.abs(normed.weights[i]! - gain * plain.weights[i]!) < 1e-15);
  }
  const slaney = melFilterbank({ ...spec, scale: 'slaney' });
  const steps = Array.from(
    { length: 27 },
    (_, i) => hzToMel(slaney.edgesHz[i + 1]!, 'slaney') - hzToMel(slaney.edgesHz[i]!, 'slaney'),
  );
  steps.forEach((s) => t.true(Math.abs(s - steps[0]!) < 1e-9));
  t.is(slaney.edgesHz[0], 20);
  t.true(Math.abs(slaney.edgesHz[27]! - 4000) < 1e-9);
});

test('filterbanks are cached per spec, and a band between two bins is a StageError with a hint', (t) => {
  t.is(melFilterbank({ ...spec }), melFilterbank({ ...spec }));
  const e = t.throws(() => melFilterbank({ ...spec, numBands: 128 }), { instanceOf: StageError });
  t.regex(e!.message, /holds no FFT bin/);
  t.is(e!.hint, 'use fewer melBands, a larger fftSize or a higher lowHz');
});
