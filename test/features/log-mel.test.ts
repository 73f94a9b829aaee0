import test from 'ava';
import {
  computeLogMel,
  defaultLogMelOptions,
  logMelOptionProblems,
  logMelOutputDim,
} from '../../src/features/log-mel.js';
import { MelFrontend } from '../../src/features/mel-frontend.js';
import { computeMfcc, defaultMfccOptions } from '../../src/features/mfcc.js';
import { fsddSamplesDirect } from '../audio/fsdd.js';
import {
  dctByDefinition,
  maxScaledError,
  referenceCmvn,
  referenceDeltas,
  referenceLogMel,
  type ReferenceOptions,
} from './reference.js';

const ref8k: ReferenceOptions = {
  sampleRate: 8000,
  preEmphasis: 0.97,
  frameLength: 200,
  hop: 80,
  fftSize: 256,
  melBands: 40,
  lowHz: 20,
  highHz: 4000,
  coefficients: 13,
  lifter: 22,
  floor: 1e-10,
};

test('log-mel energies of an FSDD recording match the textbook computation (1e-5 scaled)', (t) => {
  const x = fsddSamplesDirect('5_nicolas_20.wav');
  const ours = computeLogMel(x, 8000, { normalize: 'none' });
  const ref = referenceLogMel(x, ref8k);
  t.is(ours.dim, 40);
  t.is(ours.numFrames, ref.length);
  t.true(maxScaledError(ours.data, 40, ref) <= 1e-5);
  const normalized = computeLogMel(x, 8000, { deltas: true });
  t.true(
    maxScaledError(normalized.data, 80, referenceCmvn(ref.map((r, i) => [...r, ...referenceDeltas(ref, 2)[i]!]))) <=
      1e-5,
  );
});

test('MFCC and log-mel share one filterbank: same object, and MFCC = liftered DCT of log-mel', (t) => {
  const x = fsddSamplesDirect('8_lucas_3.wav');
  const mfccFrontend = MelFrontend.for(8000, { ...defaultMfccOptions });
  const logMelFrontend = MelFrontend.for(8000, { ...defaultLogMelOptions, melBands: 26 });
  t.is(mfccFrontend.filterbank, logMelFrontend.filterbank);
  const logMel = computeLogMel(x, 8000, { melBands: 26, normalize: 'none' });
  const mfcc = computeMfcc(x, 8000, { deltas: false, deltaDeltas: false, normalize: 'none' });
  const rows = Array.from({ length: logMel.numFrames }, (_, i) =>
    dctByDefinition(Array.from(logMel.data.subarray(i * 26, (i + 1) * 26)), 13).map(
      (c, k) => c * (1 + 11 * Math.sin((Math.PI * k) / 22)),
    ),
  );
  t.true(maxScaledError(mfcc.data, 13, rows) <= 1e-5);
});

test('logMelOutputDim is melBands * (1 + deltas + deltaDeltas)', (t) => {
  t.is(logMelOutputDim(), 40);
  t.is(logMelOutputDim({ melBands: 64, deltas: true, deltaDeltas: true }), 192);
  t.is(computeLogMel(new Float32Array(1600), 16000, { melBands: 64, deltas: true, deltaDeltas: true }).dim, 192);
  t.deepEqual(logMelOptionProblems({}), []);
  t.deepEqual(
    logMelOptionProblems({ coefficients: 13 } as never).map((p) => p.message),
    ['log-mel option coefficients is not a known option'],
  );
});
