/**
 * The `fmt ` chunk of a WAV file: which sample encodings we decode, and plain-language names for the
 * codecs we do not, so the error says what the file is rather than "format 7".
 */
import { DataError } from '../errors/pipeline-error.js';

/** How the samples of a WAV file are stored. */
export type SampleFormat = 'pcm' | 'float';

/** The parts of a `fmt ` chunk the decoder needs. */
export interface WavFormat {
  readonly format: SampleFormat;
  readonly channels: number;
  readonly sampleRate: number;
  /** Container width of one sample in bits (8, 16, 24, 32 or 64). */
  readonly bitsPerSample: number;
  /** WAVE_FORMAT_EXTENSIBLE only: bits that carry signal inside the container (left-justified). */
  readonly validBitsPerSample: number;
  readonly extensible: boolean;
}

const PCM = 0x0001;
const IEEE_FLOAT = 0x0003;
const EXTENSIBLE = 0xfffe;

const CODEC_NAMES: Record<number, string> = {
  0x0002: 'Microsoft ADPCM',
  0x0006: 'A-law',
  0x0007: 'mu-law',
  0x0011: 'IMA ADPCM',
  0x0031: 'GSM 6.10',
  0x0050: 'MPEG',
  0x0055: 'MP3',
  0x0161: 'WMA',
  0x00ff: 'AAC',
};

// Every KSDATAFORMAT_SUBTYPE GUID ends with these 14 bytes; the first two carry the format tag.
const GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

const CONVERT_HINT = 'convert it to PCM, e.g. `ffmpeg -i in.wav -c:a pcm_s16le out.wav`';

/** Parses a `fmt ` chunk body; throws DataError naming `file` for anything we cannot decode. */
export function parseFmtChunk(view: DataView, offset: number, size: number, file: string): WavFormat {
  if (size < 16)
    throw new DataError(`${file}: 'fmt ' chunk is ${size} bytes, a WAV format needs at least 16`, {
      location: { file },
    });
  let tag = view.getUint16(offset, true);
  const channels = view.getUint16(offset + 2, true);
  const sampleRate = view.getUint32(offset + 4, true);
  const bitsPerSample = view.getUint16(offset + 14, true);
  let validBitsPerSample = bitsPerSample;
  const extensible = tag === EXTENSIBLE;
  if (extensible) {
    if (size < 40)
      throw new DataError(`${file}: WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk is ${size} bytes, expected 40`, {
        location: { file },
      });
    validBitsPerSample = view.getUint16(offset + 18, true) || bitsPerSample;
    tag = view.getUint16(offset + 24, true);
    for (let i = 0; i < GUID_TAIL.length; i++) {
      if (view.getUint8(offset + 26 + i) !== GUID_TAIL[i]) {
        throw new DataError(`${file}: unsupported codec: WAVE_FORMAT_EXTENSIBLE with an unknown sub-format GUID`, {
          location: { file },
          hint: CONVERT_HINT,
        });
      }
    }
  }
  if (tag !== PCM && tag !== IEEE_FLOAT) {
    const name = CODEC_NAMES[tag] ?? 'unknown codec';
    throw new DataError(
      `${file}: unsupported codec: ${name} ` +
        `(format tag 0x${tag.toString(16).padStart(4, '0')}); only PCM and IEEE float are decoded`,
      {
        location: { file },
        hint: CONVERT_HINT,
      },
    );
  }
  const format: SampleFormat = tag === PCM ? 'pcm' : 'float';
  if (channels === 0) throw new DataError(`${file}: 'fmt ' chunk declares 0 channels`, { location: { file } });
  if (sampleRate === 0)
    throw new DataError(`${file}: 'fmt ' chunk declares a sample rate of 0 Hz`, { location: { file } });
  const supported = format === 'pcm' ? [8, 16, 24, 32] : [32, 64];
  if (!supported.includes(bitsPerSample)) {
    throw new DataError(
      `${file}: unsupported sample size: ${bitsPerSample}-bit ${format === 'pcm' ? 'PCM' : 'float'} ` +
        `(supported: ${supported.join(', ')})`,
      {
        location: { file },
        hint: CONVERT_HINT,
      },
    );
  }
  return { format, channels, sampleRate, bitsPerSample, validBitsPerSample, extensible };
}
