/**
 * Issue 14, item 7: a WAV declaring an absurd sample rate or duration, a dangling symbolic link and a loop of
 * them are bad files with a clear reason, skipped under onBadFile: skip, instead of hours of resampling or a raw
 * ELOOP/ENOENT that aborts loading.
 */
import test from 'ava';
import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { decodeWav } from '../../src/audio/wav.js';
import { DataError } from '../../src/errors/pipeline-error.js';
import { simpleWav } from '../audio/wav-writer.js';
import { tempDir } from '../helpers/temp-dir.js';
import { loadKind } from './helpers.js';

const tone = (n: number) => Array.from({ length: n }, (_, i) => Math.round(8000 * Math.sin(i / 5)));
const pcm = (rate: number) => ({ tag: 1, channels: 1, rate, bits: 16 });

function folder(): string {
  const dir = tempDir('concertina-badwav-');
  for (const [name, rate, n] of [
    ['1_george_0.wav', 8000, 4000],
    ['2_george_0.wav', 8000, 4000],
    ['3_george_0.wav', 1, 40000],
    ['4_george_0.wav', 1000, 30_000],
  ] as const)
    writeFileSync(path.join(dir, name), simpleWav(tone(n), pcm(rate)));
  symlinkSync(path.join(dir, 'nowhere.wav'), path.join(dir, '5_george_0.wav'));
  symlinkSync(path.join(dir, '7_george_0.wav'), path.join(dir, '6_george_0.wav'));
  symlinkSync(path.join(dir, '6_george_0.wav'), path.join(dir, '7_george_0.wav'));
  return dir;
}

test('absurd rates and durations are refused before decoding, with the supported range', (t) => {
  const err = t.throws(() => decodeWav(simpleWav(tone(100), pcm(1)), 'one-hertz.wav'), { instanceOf: DataError });
  t.regex(err.message, /one-hertz.wav: declares a sample rate of 1 Hz, outside the supported 1000-384000 Hz/);
  t.regex(err.hint!, /sampleRateRange/);
  const long = simpleWav(tone(30_000), pcm(1000));
  t.throws(() => decodeWav(long, 'long.wav', { maxDurationSec: 10 }), {
    message: /30\.0 s of audio, more than .* 10 s/,
  });
  t.is(decodeWav(long, 'long.wav').durationSec, 30);
});

test('under onBadFile: skip, every bad file is named with its reason and the rest load', async (t) => {
  const d = await loadKind('wav-folder', { path: folder(), maxDurationSec: 20 }, { onBadFile: 'skip' });
  t.is(d.examples.length, 2);
  const reasons = Object.fromEntries(d.skipped.map((s) => [path.basename(s.file), s.reason]));
  t.deepEqual(Object.keys(reasons).sort(), [
    '3_george_0.wav',
    '4_george_0.wav',
    '5_george_0.wav',
    '6_george_0.wav',
    '7_george_0.wav',
  ]);
  t.regex(reasons['3_george_0.wav']!, /sample rate of 1 Hz/);
  t.regex(reasons['4_george_0.wav']!, /more than the maximum of 20 s/);
  t.regex(reasons['5_george_0.wav']!, /symbolic link to nothing/);
  t.regex(reasons['6_george_0.wav']!, /loop of symbolic links/);
});

test('without skip, the first bad file is a DataError naming it', async (t) => {
  const err = await t.throwsAsync(loadKind('wav-folder', { path: folder() }), { instanceOf: DataError });
  t.regex(err.message, /3_george_0\.wav: declares a sample rate of 1 Hz/);
  t.regex(err.hint!, /onBadFile/);
});
