/** Interleaved WAV sample bytes to mono float: the inner loop of WAV decoding, one routine per encoding. */
import type { WavFormat } from './wav-format.js';

/**
 * Decodes `frames` interleaved sample frames starting at `offset`, mixing channels to mono by their mean.
 * Integer PCM maps to [-1, 1) (8-bit is unsigned with 128 as zero); float data is passed through.
 */
export function decodeInterleaved(view: DataView, offset: number, frames: number, fmt: WavFormat): Float32Array {
  const ch = fmt.channels;
  const out = new Float32Array(frames);
  const read = sampleReader(fmt);
  const bytes = fmt.bitsPerSample >>> 3;
  const inv = 1 / ch;
  let p = offset;
  for (let i = 0; i < frames; i++) {
    let sum = 0;
    for (let c = 0; c < ch; c++, p += bytes) sum += read(view, p);
    out[i] = ch === 1 ? sum : sum * inv;
  }
  return out;
}

type Reader = (view: DataView, p: number) => number;

function sampleReader(fmt: WavFormat): Reader {
  if (fmt.format === 'float')
    return fmt.bitsPerSample === 32 ? (v, p) => v.getFloat32(p, true) : (v, p) => v.getFloat64(p, true);
  switch (fmt.bitsPerSample) {
    case 8:
      return (v, p) => (v.getUint8(p) - 128) / 128;
    case 16:
      return (v, p) => v.getInt16(p, true) / 32768;
    case 24:
      return (v, p) => (v.getUint8(p) | (v.getUint8(p + 1) << 8) | (v.getInt8(p + 2) << 16)) / 8388608;
    default:
      return (v, p) => v.getInt32(p, true) / 2147483648;
  }
}
