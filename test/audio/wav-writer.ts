/**
 * A small WAV writer for tests, independent of src/audio: builds RIFF files chunk by chunk so tests can
 * make any format, chunk order or corruption.
 */

/** One RIFF chunk with its pad byte when the body is odd-sized; `declared` overrides the size field. */
export function chunk(id: string, body: Buffer, declared = body.length): Buffer {
  const head = Buffer.alloc(8);
  head.write(id, 0, 'latin1');
  head.writeUInt32LE(declared, 4);
  return Buffer.concat([head, body, Buffer.alloc(body.length % 2)]);
}

/** RIFF/WAVE container around chunks. */
export function riff(chunks: Buffer[], form = 'WAVE'): Buffer {
  const body = Buffer.concat([Buffer.from(form, 'latin1'), ...chunks]);
  const head = Buffer.alloc(8);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length, 4);
  return Buffer.concat([head, body]);
}

export interface FmtSpec {
  tag: number;
  channels: number;
  rate: number;
  bits: number;
  /** Write WAVE_FORMAT_EXTENSIBLE with this sub-format tag. */
  extensibleOf?: number;
  validBits?: number;
  /** Replace the sub-format GUID tail (for a bad GUID). */
  badGuid?: boolean;
}

/** A `fmt ` chunk (16 bytes, or 40 for extensible). */
export function fmtChunk(f: FmtSpec): Buffer {
  const ext = f.extensibleOf !== undefined;
  const b = Buffer.alloc(ext ? 40 : 16);
  const block = (f.bits / 8) * f.channels;
  b.writeUInt16LE(ext ? 0xfffe : f.tag, 0);
  b.writeUInt16LE(f.channels, 2);
  b.writeUInt32LE(f.rate, 4);
  b.writeUInt32LE(f.rate * block, 8);
  b.writeUInt16LE(block, 12);
  b.writeUInt16LE(f.bits, 14);
  if (ext) {
    b.writeUInt16LE(22, 16);
    b.writeUInt16LE(f.validBits ?? f.bits, 18);
    b.writeUInt32LE(f.channels === 2 ? 3 : 0, 20);
    b.writeUInt16LE(f.extensibleOf!, 24);
    Buffer.from(f.badGuid ? '0000000000000000000000000000' : '000000001000800000aa00389b71', 'hex').copy(b, 26);
  }
  return b;
}

/** Interleaved sample bytes: ints for PCM (8-bit given unsigned 0..255), floats for float formats. */
export function sampleBytes(values: number[], bits: number, float = false): Buffer {
  const bytes = bits / 8;
  const b = Buffer.alloc(values.length * bytes);
  values.forEach((v, i) => {
    const p = i * bytes;
    if (float) {
      if (bits === 32) b.writeFloatLE(v, p);
      else b.writeDoubleLE(v, p);
    } else if (bits === 8) b.writeUInt8(v, p);
    else b.writeIntLE(v, p, bytes);
  });
  return b;
}

/** A complete canonical file: fmt then data. */
export function simpleWav(values: number[], f: FmtSpec, float = false): Buffer {
  return riff([chunk('fmt ', fmtChunk(f)), chunk('data', sampleBytes(values, f.bits, float))]);
}
