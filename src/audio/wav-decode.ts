/**
 * WAV reading as files come: RIFF/WAVE with chunks in any order, unknown chunks skipped, PCM 8/16/24/32-bit,
 * IEEE float 32/64, WAVE_FORMAT_EXTENSIBLE, any channel count (mixed to mono), any sample rate.
 *
 * Truncation policy: a data chunk shorter than its header declares is common in real recordings (a writer
 * killed before it patched the header, a file cut by a copy). By default (`truncated: 'error'`) it is a
 * DataError naming both sizes, because silently training on half a file hides real corruption;
 * `truncated: 'accept'` decodes the whole sample frames that are present. A declared size of 0xFFFFFFFF
 * (streaming writers that never patch the header) always means "up to the end of the file".
 */
import { DataError } from '../errors/pipeline-error.js';
import { decodeInterleaved } from './pcm.js';
import { parseFmtChunk, type SampleFormat, type WavFormat } from './wav-format.js';

export type { SampleFormat } from './wav-format.js';

/** Mono audio decoded from a file, with what the file declared. */
export interface DecodedAudio {
  /** Mono samples (channels averaged); integer PCM lies in [-1, 1). */
  readonly samples: Float32Array;
  readonly sampleRate: number;
  /** Channels in the file, before mixing to mono. */
  readonly channels: number;
  /** Container bits per sample in the file. */
  readonly bitsPerSample: number;
  readonly format: SampleFormat;
  readonly durationSec: number;
}

/** What to do with damaged files. */
export interface WavReadOptions {
  /** A data chunk shorter than declared: 'error' (default) throws DataError, 'accept' keeps what is there. */
  readonly truncated?: 'error' | 'accept';
  /** [lowest, highest] sample rate accepted, in Hz (default [1000, 384000]): a file outside is a bad file. */
  readonly sampleRateRange?: readonly [number, number];
  /** Longest recording accepted, in seconds (default 600). */
  readonly maxDurationSec?: number;
}

/** The rates a recording may declare by default: telephone-quality and below make no sense, nor above 384 kHz. */
export const DEFAULT_SAMPLE_RATES: readonly [number, number] = [1000, 384000];
/** The longest recording read by default (ten minutes). */
export const DEFAULT_MAX_DURATION_SEC = 600;

const STREAMING_SIZE = 0xffffffff;

/** Decodes WAV bytes; `file` names the source in errors. Throws DataError on anything unreadable. */
export function decodeWav(bytes: Uint8Array, file: string, options: WavReadOptions = {}): DecodedAudio {
  const fail = (problem: string, hint?: string): never => {
    throw new DataError(`${file}: ${problem}`, { location: { file }, hint });
  };
  if (bytes.length === 0) fail('empty file (0 bytes)');
  if (bytes.length < 12) fail(`too short to be a WAV file (${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = fourCC(view, 0);
  if (magic !== 'RIFF') {
    const hint = magic === 'RF64' ? 'RF64 (WAV over 4 GiB) is not supported; split the file' : undefined;
    fail(`not a WAV file: starts with ${JSON.stringify(magic)} instead of "RIFF"`, hint);
  }
  if (fourCC(view, 8) !== 'WAVE')
    fail(`not a WAV file: RIFF form type is ${JSON.stringify(fourCC(view, 8))} instead of "WAVE"`);

  let fmt: WavFormat | undefined;
  let data: { offset: number; declared: number; present: number } | undefined;
  // Walk to the end of the file rather than the RIFF size, which streaming writers leave wrong.
  for (let p = 12; p + 8 <= bytes.length && !(fmt && data);) {
    const id = fourCC(view, p);
    const size = view.getUint32(p + 4, true);
    const body = p + 8;
    const present = Math.min(size, bytes.length - body);
    // The first fmt and data chunks count; later duplicates are ignored like other unknown chunks.
    if (id === 'fmt ' && !fmt) {
      if (present < size) fail(`truncated: 'fmt ' chunk declares ${size} bytes, file holds ${present}`);
      fmt = parseFmtChunk(view, body, size, file);
    } else if (id === 'data' && !data) {
      data = { offset: body, declared: size, present };
    }
    p = body + size + (size & 1);
  }
  if (!fmt && data && data.present < data.declared) {
    return fail(
      `truncated: header says ${data.declared} bytes of audio, file holds ${data.present}, ` +
        `and no 'fmt ' chunk comes before it`,
    );
  }
  if (!fmt) return fail(`no 'fmt ' chunk, so the sample format is unknown`);
  if (!data) return fail(`no 'data' chunk: the file holds no audio`);

  const frameBytes = (fmt.bitsPerSample >>> 3) * fmt.channels;
  let usable = data.declared === STREAMING_SIZE ? data.present : data.declared;
  if (data.present < usable) {
    if ((options.truncated ?? 'error') === 'error') {
      fail(
        `truncated: header says ${data.declared} bytes of audio, file holds ${data.present}`,
        "pass { truncated: 'accept' } to keep the audio that is there",
      );
    }
    usable = data.present;
  }
  const frames = Math.floor(usable / frameBytes);
  if (frames === 0)
    fail(`zero samples: the data chunk holds ${usable} bytes, less than one ${frameBytes}-byte sample frame`);

  // A header can declare anything: 1 Hz turns an 80 KB file into 11 hours to resample. Refuse before decoding.
  const [lo, hi] = options.sampleRateRange ?? DEFAULT_SAMPLE_RATES;
  if (!(fmt.sampleRate >= lo && fmt.sampleRate <= hi))
    fail(
      `declares a sample rate of ${fmt.sampleRate} Hz, outside the supported ${lo}-${hi} Hz`,
      "a damaged header, or set the dataset's params.sampleRateRange",
    );
  const maxSec = options.maxDurationSec ?? DEFAULT_MAX_DURATION_SEC;
  if (frames / fmt.sampleRate > maxSec)
    fail(
      `${(frames / fmt.sampleRate).toFixed(1)} s of audio, more than the maximum of ${maxSec} s`,
      "split the recording, or set the dataset's params.maxDurationSec",
    );

  const samples = decodeInterleaved(view, data.offset, frames, fmt);
  if (fmt.format === 'float') {
    for (let i = 0; i < samples.length; i++) {
      if (!Number.isFinite(samples[i]!)) fail(`non-finite sample (${samples[i]}) at sample frame ${i}`);
    }
  }
  return {
    samples,
    sampleRate: fmt.sampleRate,
    channels: fmt.channels,
    bitsPerSample: fmt.bitsPerSample,
    format: fmt.format,
    durationSec: frames / fmt.sampleRate,
  };
}

function fourCC(view: DataView, p: number): string {
  return String.fromCharCode(view.getUint8(p), view.getUint8(p + 1), view.getUint8(p + 2), view.getUint8(p + 3));
}
