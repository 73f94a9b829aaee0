/** Writes mono audio as a canonical 44-byte-header WAV (for examples, fixtures and exports). */

/** Encodes mono samples in [-1, 1] as WAV: integer PCM of `bits` (8, 16, 24, 32) or IEEE float32 with `float`. */
export function encodeWav(
  samples: Float32Array,
  sampleRate: number,
  bits: 8 | 16 | 24 | 32 = 16,
  float = false,
): Uint8Array {
  if (![8, 16, 24, 32].includes(bits)) throw new RangeError(`encodeWav: bits must be 8, 16, 24 or 32, got ${bits}`);
  if (float && bits !== 32) throw new RangeError('encodeWav: float samples are written as 32-bit');
  if (!(sampleRate > 0) || !Number.isInteger(sampleRate))
    throw new RangeError(`encodeWav: sampleRate must be a positive integer, got ${sampleRate}`);
  const bytes = bits >>> 3;
  const dataSize = samples.length * bytes;
  const out = new Uint8Array(44 + dataSize + (dataSize & 1));
  const v = new DataView(out.buffer);
  const ascii = (p: number, s: string): void => {
    for (let i = 0; i < 4; i++) out[p + i] = s.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  v.setUint32(4, out.length - 8, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, float ? 3 : 1, true);
  v.setUint16(22, 1, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * bytes, true);
  v.setUint16(32, bytes, true);
  v.setUint16(34, bits, true);
  ascii(36, 'data');
  v.setUint32(40, dataSize, true);
  let p = 44;
  for (let i = 0; i < samples.length; i++, p += bytes) {
    const x = Math.max(-1, Math.min(1, samples[i]!));
    if (float) v.setFloat32(p, x, true);
    else if (bits === 8) v.setUint8(p, clampInt(Math.round(x * 128) + 128, 0, 255));
    else if (bits === 16) v.setInt16(p, clampInt(Math.round(x * 32768), -32768, 32767), true);
    else if (bits === 24) {
      const s = clampInt(Math.round(x * 8388608), -8388608, 8388607);
      v.setUint8(p, s & 0xff);
      v.setUint8(p + 1, (s >> 8) & 0xff);
      v.setInt8(p + 2, s >> 16);
    } else v.setInt32(p, clampInt(Math.round(x * 2147483648), -2147483648, 2147483647), true);
  }
  return out;
}

function clampInt(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
