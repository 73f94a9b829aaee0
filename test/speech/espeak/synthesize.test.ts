import test from 'ava';
import { SpecError } from '../../../src/errors/pipeline-error.js';
import { EspeakEngine } from '../../../src/speech/espeak/espeak-engine.js';
import { speechBounds } from '../../../src/speech/espeak/trim-silence.js';
import { synthesize, voiceArgs, voiceVariants, type Voice } from '../../../src/speech/espeak/synthesize.js';

const DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'oh'];
const voice = (variant: string, extra: Partial<Voice> = {}): Voice => ({
  variant,
  speed: 170,
  pitch: 50,
  pitchRange: 50,
  ...extra,
});
const rms = (x: Float32Array): number => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);
const same = (a: Float32Array, b: Float32Array): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

test('every digit is plausible speech: 22050 Hz, 0.2-2 s, not silent', async (t) => {
  for (const [i, word] of DIGITS.entries()) {
    const { samples, sampleRate } = await synthesize(word, voice(i % 2 ? 'f3' : 'm2'));
    t.is(sampleRate, 22050);
    const seconds = samples.length / sampleRate;
    t.true(seconds > 0.2 && seconds < 2, `${word}: ${seconds.toFixed(2)} s`);
    t.true(rms(samples) > 0.02, `${word}: rms ${rms(samples)}`);
    t.true(samples.every((v) => v >= -1 && v < 1));
  }
});

test("the output is espeak-ng's audio cut to its speech bounds", async (t) => {
  // With -z espeak-ng adds little silence itself; the energy trim is what guarantees tight edges.
  const raw = (await synthesize('seven', voice('m1'), { trim: false })).samples;
  const trimmed = (await synthesize('seven', voice('m1'))).samples;
  const [start, end] = speechBounds(raw, 22050);
  t.true(end - start > 0.2 * 22050);
  t.true(same(trimmed, raw.slice(start, end)));
  t.true(raw.length - trimmed.length < 0.2 * 22050, 'no long silences left to trim with -z');
});

test('voice settings change the audio: slower speech is longer', async (t) => {
  const slow = (await synthesize('seven', voice('m3', { speed: 100 }))).samples;
  const fast = (await synthesize('seven', voice('m3', { speed: 300 }))).samples;
  t.true(slow.length > fast.length * 1.5, `${slow.length} vs ${fast.length}`);
  const low = (await synthesize('seven', voice('m3', { pitch: 10 }))).samples;
  const high = (await synthesize('seven', voice('m3', { pitch: 90 }))).samples;
  t.false(same(low, high));
});

test('deterministic: same text, voice and seed give identical samples, even on another engine', async (t) => {
  const fresh = await EspeakEngine.create();
  for (const variant of ['m3', 'f2', 'whisper']) {
    const a = (await synthesize('eight', voice(variant), { seed: 5 })).samples;
    await synthesize('three four', voice('f5', { wordGap: 3 }), { seed: 1 }); // state of a run must not leak
    const b = (await synthesize('eight', voice(variant), { seed: 5 })).samples;
    const c = (await synthesize('eight', voice(variant), { seed: 5, engine: fresh })).samples;
    t.true(same(a, b), `${variant}: same engine`);
    t.true(same(a, c), `${variant}: fresh engine`);
  }
});

test('the seed reaches espeak-ng noise: breathy variants differ between seeds', async (t) => {
  const a = (await synthesize('six', voice('f2'), { seed: 1 })).samples;
  const b = (await synthesize('six', voice('f2'), { seed: 2 })).samples;
  t.false(same(a, b));
});

test('memoised data look-ups change nothing', async (t) => {
  const plain = await EspeakEngine.create({ memoiseDataLookups: false });
  for (const variant of ['m1', 'f5']) {
    const a = (await synthesize('nine', voice(variant), { seed: 3 })).samples;
    const b = (await synthesize('nine', voice(variant), { seed: 3, engine: plain })).samples;
    t.true(same(a, b), variant);
  }
});

test('variants are listed and bad voices are SpecErrors with every problem', async (t) => {
  const variants = await voiceVariants();
  for (const v of ['m1', 'm8', 'f1', 'f5', 'whisper']) t.true(variants.includes(v), v);
  const err = await t.throwsAsync(synthesize('one', voice('m99', { pitch: 150 })), { instanceOf: SpecError });
  t.deepEqual(
    err!.problems.map((p) => p.code),
    ['unknown-voice', 'voice-out-of-range'],
  );
  t.regex(err!.problems[0]!.message, /no voice variant "m99"/);
  t.regex(err!.problems[1]!.message, /pitch is 150, outside 0\.\.99/);
});

test('text starting with a dash is spoken, not parsed as an option', async (t) => {
  t.deepEqual(voiceArgs('-s', voice('m1'), '/o.wav').slice(-2), ['--', '-s']);
  const { samples } = await synthesize('-one', voice('m1'));
  t.true(samples.length > 0.2 * 22050);
});
