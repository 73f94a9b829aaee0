import test, { type ExecutionContext } from 'ava';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeWav, encodeWav, readWav } from '../../src/audio/wav.js';
import { DataError } from '../../src/errors/pipeline-error.js';
import { fsddDir, fsddFiles } from './fsdd.js';
import { chunk, fmtChunk, riff, sampleBytes, simpleWav } from './wav-writer.js';

const u8 = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
const decode = (b: Buffer, options?: { truncated?: 'error' | 'accept' }) => decodeWav(u8(b), 'x.wav', options);

function assertSamples(t: ExecutionContext, actual: Float32Array, expected: number[]): void {
  t.is(actual.length, expected.length);
  expected.forEach((e, i) => t.true(Math.abs(actual[i]! - e) < 1e-7, `sample ${i}: ${actual[i]} vs ${e}`));
}

const PCM = 1;
const FLOAT = 3;

test('16-bit PCM mono decodes exactly, with rate, duration and format', (t) => {
  const ints = [0, 1, -1, 32767, -32768, 16384, -8192];
  const a = decode(simpleWav(ints, { tag: PCM, channels: 1, rate: 8000, bits: 16 }));
  assertSamples(
    t,
    a.samples,
    ints.map((v) => v / 32768),
  );
  t.like(a, { sampleRate: 8000, channels: 1, bitsPerSample: 16, format: 'pcm' });
  t.is(a.durationSec, ints.length / 8000);
});

test('8-bit PCM is unsigned with 128 as zero', (t) => {
  const a = decode(simpleWav([128, 0, 255, 64, 192], { tag: PCM, channels: 1, rate: 11025, bits: 8 }));
  assertSamples(t, a.samples, [0, -1, 127 / 128, -0.5, 0.5]);
  t.is(a.sampleRate, 11025);
  t.is(a.bitsPerSample, 8);
});

test('24-bit PCM, including both extremes', (t) => {
  const ints = [0, 8388607, -8388608, 1, -1, 4194304, -123456];
  const a = decode(simpleWav(ints, { tag: PCM, channels: 1, rate: 44100, bits: 24 }));
  assertSamples(
    t,
    a.samples,
    ints.map((v) => v / 8388608),
  );
  t.is(a.bitsPerSample, 24);
});

test('32-bit PCM', (t) => {
  const ints = [0, 2147483647, -2147483648, 1 << 30, -(1 << 29)];
  const a = decode(simpleWav(ints, { tag: PCM, channels: 1, rate: 96000, bits: 32 }));
  assertSamples(
    t,
    a.samples,
    ints.map((v) => v / 2147483648),
  );
  t.is(a.sampleRate, 96000);
});

test('IEEE float32 and float64 pass through', (t) => {
  const values = [0, 0.5, -0.25, 1, -1, 0.123456];
  for (const bits of [32, 64]) {
    const a = decode(simpleWav(values, { tag: FLOAT, channels: 1, rate: 16000, bits }, true));
    assertSamples(
      t,
      a.samples,
      values.map((v) => Math.fround(v)),
    );
    t.is(a.format, 'float');
    t.is(a.bitsPerSample, bits);
  }
});

test('stereo is mixed to mono by the mean of the channels', (t) => {
  const interleaved = [1000, -1000, 32767, 32767, 0, -32768, 200, 100];
  const a = decode(simpleWav(interleaved, { tag: PCM, channels: 2, rate: 22050, bits: 16 }));
  assertSamples(t, a.samples, [0, 32767 / 32768, -0.5, 150 / 32768]);
  t.is(a.channels, 2);
  t.is(a.durationSec, 4 / 22050);
});

test('WAVE_FORMAT_EXTENSIBLE: 16-bit PCM, 6-channel 24-bit PCM and stereo float32', (t) => {
  const pcm = decode(simpleWav([100, -100, 300], { tag: PCM, channels: 1, rate: 8000, bits: 16, extensibleOf: PCM }));
  assertSamples(t, pcm.samples, [100 / 32768, -100 / 32768, 300 / 32768]);
  const six = [1, 2, 3, 4, 5, 6, -6, -6, -6, -6, -6, -6].map((v) => v * 1000);
  const multi = decode(
    simpleWav(six, { tag: PCM, channels: 6, rate: 48000, bits: 24, extensibleOf: PCM, validBits: 20 }),
  );
  assertSamples(t, multi.samples, [3500 / 8388608, -6000 / 8388608]);
  t.is(multi.channels, 6);
  const fl = decode(
    simpleWav([0.5, 0.25, -1, 1], { tag: FLOAT, channels: 2, rate: 44100, bits: 32, extensibleOf: FLOAT }, true),
  );
  assertSamples(t, fl.samples, [0.375, 0]);
  t.is(fl.format, 'float');
});

test('chunks in any order: unknown chunks skipped, odd sizes padded, data before fmt, junk after data', (t) => {
  const fmt = fmtChunk({ tag: PCM, channels: 1, rate: 8000, bits: 16 });
  const data = sampleBytes([10, 20, -30], 16);
  const list = chunk('LIST', Buffer.from('INFOISFT\x05\x00\x00\x00odd!\x00', 'latin1'));
  const odd = chunk('bext', Buffer.from([1, 2, 3]));
  const expected = [10 / 32768, 20 / 32768, -30 / 32768];
  const orders = [
    [list, chunk('fmt ', fmt), odd, chunk('data', data)],
    [chunk('data', data), odd, chunk('fmt ', fmt)],
    [
      odd,
      chunk('fact', Buffer.alloc(4)),
      chunk('fmt ', fmt),
      chunk('data', data),
      chunk('id3 ', Buffer.from('tail', 'latin1')),
    ],
  ];
  for (const chunks of orders) assertSamples(t, decode(riff(chunks)).samples, expected);
  // An odd-sized data chunk keeps its pad byte, and the walk continues correctly after it.
  const oddData = chunk('data', sampleBytes([5, 6, 7], 8));
  assertSamples(
    t,
    decode(riff([oddData, chunk('fmt ', fmtChunk({ tag: PCM, channels: 1, rate: 8000, bits: 8 }))])).samples,
    [-123 / 128, -122 / 128, -121 / 128],
  );
});

test('the first data chunk counts when a file holds two', (t) => {
  const file = riff([
    chunk('data', sampleBytes([1, 2], 16)),
    chunk('data', sampleBytes([3, 4, 5], 16)),
    chunk('fmt ', fmtChunk({ tag: PCM, channels: 1, rate: 8000, bits: 16 })),
  ]);
  assertSamples(t, decode(file).samples, [1 / 32768, 2 / 32768]);
});

test('a data size of 0xFFFFFFFF (streaming writers) means up to the end of the file', (t) => {
  const file = riff([
    chunk('fmt ', fmtChunk({ tag: PCM, channels: 1, rate: 8000, bits: 16 })),
    chunk('data', sampleBytes([1, 2, 3, 4], 16), 0xffffffff),
  ]);
  assertSamples(
    t,
    decode(file).samples,
    [1, 2, 3, 4].map((v) => v / 32768),
  );
});

function throwsData(t: ExecutionContext, fn: () => unknown, message: RegExp): void {
  const e = t.throws(fn, { instanceOf: DataError });
  t.regex(e!.message, message);
  t.regex(e!.message, /x\.wav/, 'names the file');
  t.is((e as DataError).location.file, 'x.wav');
}

test('a truncated data chunk is a DataError with both sizes, unless truncated: accept', (t) => {
  const fmt = chunk('fmt ', fmtChunk({ tag: PCM, channels: 1, rate: 8000, bits: 16 }));
  const ints = Array.from({ length: 500 }, (_, i) => i - 250);
  const file = riff([fmt, chunk('data', sampleBytes(ints, 16), 32000)]);
  throwsData(t, () => decode(file), /truncated: header says 32000 bytes of audio, file holds 1000$/);
  const kept = decode(file, { truncated: 'accept' });
  assertSamples(
    t,
    kept.samples,
    ints.map((v) => v / 32768),
  );
  // A cut inside a sample frame keeps only whole frames.
  const cut = Buffer.concat([riff([fmt]), chunk('data', sampleBytes([7, 8, 9], 16), 100)]).subarray(0, -1);
  assertSamples(t, decode(cut, { truncated: 'accept' }).samples, [7 / 32768, 8 / 32768]);
});

test('empty, too-short, non-RIFF and non-WAVE files', (t) => {
  throwsData(t, () => decode(Buffer.alloc(0)), /empty file \(0 bytes\)/);
  throwsData(t, () => decode(Buffer.from('RIFF\x00', 'latin1')), /too short to be a WAV file \(5 bytes\)/);
  throwsData(
    t,
    () => decode(Buffer.from('ID3\x04\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00', 'latin1')),
    /not a WAV file: starts with "ID3\\u0004" instead of "RIFF"/,
  );
  throwsData(t, () => decode(riff([], 'AVI ')), /RIFF form type is "AVI " instead of "WAVE"/);
});

test('missing fmt or data chunk, zero samples', (t) => {
  throwsData(t, () => decode(riff([chunk('data', sampleBytes([1, 2], 16))])), /no 'fmt ' chunk/);
  throwsData(
    t,
    () => decode(riff([chunk('fmt ', fmtChunk({ tag: PCM, channels: 1, rate: 8000, bits: 16 }))])),
    /no 'data' chunk/,
  );
  throwsData(
    t,
    () =>
      decode(
        riff([
          chunk('fmt ', fmtChunk({ tag: PCM, channels: 1, rate: 8000, bits: 16 })),
          chunk('data', Buffer.alloc(0)),
        ]),
      ),
    /zero samples/,
  );
  throwsData(
    t,
    () =>
      decode(
        riff([
          chunk('fmt ', fmtChunk({ tag: PCM, channels: 2, rate: 8000, bits: 16 })),
          chunk('data', Buffer.alloc(2)),
        ]),
      ),
    /zero samples: .* less than one 4-byte sample frame/,
  );
});

test('unsupported codecs and sample sizes are named', (t) => {
  const wav = (f: Parameters<typeof fmtChunk>[0]) =>
    riff([chunk('fmt ', fmtChunk(f)), chunk('data', Buffer.alloc(64))]);
  throwsData(
    t,
    () => decode(wav({ tag: 7, channels: 1, rate: 8000, bits: 8 })),
    /unsupported codec: mu-law \(format tag 0x0007\)/,
  );
  throwsData(t, () => decode(wav({ tag: 6, channels: 1, rate: 8000, bits: 8 })), /unsupported codec: A-law/);
  throwsData(t, () => decode(wav({ tag: 0x11, channels: 1, rate: 8000, bits: 4 })), /unsupported codec: IMA ADPCM/);
  throwsData(t, () => decode(wav({ tag: 2, channels: 1, rate: 8000, bits: 4 })), /unsupported codec: Microsoft ADPCM/);
  throwsData(
    t,
    () => decode(wav({ tag: PCM, channels: 1, rate: 8000, bits: 16, extensibleOf: 7 })),
    /unsupported codec: mu-law/,
  );
  throwsData(
    t,
    () => decode(wav({ tag: PCM, channels: 1, rate: 8000, bits: 16, extensibleOf: PCM, badGuid: true })),
    /unknown sub-format GUID/,
  );
  throwsData(
    t,
    () => decode(wav({ tag: PCM, channels: 1, rate: 8000, bits: 12 })),
    /unsupported sample size: 12-bit PCM/,
  );
  throwsData(
    t,
    () => decode(wav({ tag: FLOAT, channels: 1, rate: 8000, bits: 16 })),
    /unsupported sample size: 16-bit float/,
  );
  throwsData(t, () => decode(wav({ tag: PCM, channels: 0, rate: 8000, bits: 16 })), /declares 0 channels/);
  throwsData(t, () => decode(wav({ tag: PCM, channels: 1, rate: 0, bits: 16 })), /sample rate of 0 Hz/);
  const e = t.throws(() => decode(wav({ tag: 7, channels: 1, rate: 8000, bits: 8 })), { instanceOf: DataError });
  t.regex(e!.hint ?? '', /ffmpeg/);
});

test('non-finite float samples are a DataError', (t) => {
  throwsData(
    t,
    () => decode(simpleWav([0, NaN, 0.5], { tag: FLOAT, channels: 1, rate: 8000, bits: 32 }, true)),
    /non-finite sample \(NaN\) at sample frame 1/,
  );
});

test('encodeWav round-trips through decodeWav at every width', (t) => {
  const x = Float32Array.from({ length: 1001 }, (_, i) => 0.9 * Math.sin(i * 0.05) * Math.cos(i * 0.003));
  for (const [bits, float] of [
    [8, false],
    [16, false],
    [24, false],
    [32, false],
    [32, true],
  ] as const) {
    const bytes = encodeWav(x, 16000, bits, float);
    const a = decodeWav(bytes, 'roundtrip.wav');
    t.is(a.samples.length, x.length);
    t.is(a.sampleRate, 16000);
    t.is(a.format, float ? 'float' : 'pcm');
    const step = float ? 1e-7 : 1 / 2 ** (bits - 1);
    let worst = 0;
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(a.samples[i]! - x[i]!));
    t.true(worst <= step, `${bits}-bit${float ? ' float' : ''}: error ${worst} > ${step}`);
  }
  t.is(encodeWav(new Float32Array(3), 8000, 8).length, 48, 'odd data size gets its pad byte');
});

test('readWav: a missing file is a DataError naming it', async (t) => {
  const e = await t.throwsAsync(readWav('/no/such/dir/zero.wav'), { instanceOf: DataError });
  t.is(e!.message, '/no/such/dir/zero.wav: cannot read: no such file (or a symbolic link to nothing)');
});

test('every FSDD recording decodes: 8 kHz mono 16-bit, samples matching a direct read', async (t) => {
  const dir = fsddDir();
  const files = fsddFiles();
  t.is(files.length, 2500);
  let seconds = 0;
  for (const f of files) {
    const a = await readWav(path.join(dir, f));
    t.like(a, { sampleRate: 8000, channels: 1, bitsPerSample: 16, format: 'pcm' }, f);
    seconds += a.durationSec;
  }
  t.true(seconds > 1000 && seconds < 1300, `total ${seconds} s`);
  // One file compared with a direct read of its canonical 44-byte header layout.
  const bytes = readFileSync(path.join(dir, '7_theo_3.wav'));
  const direct = Array.from({ length: (bytes.length - 44) / 2 }, (_, i) => bytes.readInt16LE(44 + 2 * i) / 32768);
  assertSamples(t, (await readWav(path.join(dir, '7_theo_3.wav'))).samples, direct);
});
