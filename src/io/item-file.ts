import { readFileSync } from 'node:fs';
import { DataError } from '../errors/pipeline-error.js';
import type { Item } from '../core/item.js';
import { writeFileAtomic } from './atomic-write.js';

const MAGIC = 'CITM1';

/**
 * Stores a list of items (some may be absent) in one binary file: a JSON header with shapes, then
 * all values as float32, aligned so that reading back makes views without copying.
 */
export function writeItems(file: string, items: readonly (Item | undefined)[]): void {
  const shapes = items.map((x) => (x ? x.shape : null));
  const header = Buffer.from(JSON.stringify({ magic: MAGIC, shapes }));
  const headerLen = Math.ceil((header.length + 4) / 4) * 4;
  const total = items.reduce((n, x) => n + (x ? x.data.length : 0), 0);
  const buf = Buffer.alloc(headerLen + total * 4);
  buf.writeUInt32LE(header.length, 0);
  header.copy(buf, 4);
  const floats = new Float32Array(buf.buffer, buf.byteOffset + headerLen, total);
  let off = 0;
  for (const x of items) {
    if (!x) continue;
    floats.set(x.data, off);
    off += x.data.length;
  }
  writeFileAtomic(file, buf);
}

/** Reads what writeItems wrote; a damaged file is a DataError. */
export function readItems(file: string): (Item | undefined)[] {
  const raw = readFileSync(file);
  // Copy into an aligned buffer of our own: Buffer pools may start at odd offsets.
  const buf = new Uint8Array(raw.length);
  buf.set(raw);
  const headerLen = new DataView(buf.buffer).getUint32(0, true);
  let header: { magic: string; shapes: (number[] | null)[] };
  try {
    header = JSON.parse(Buffer.from(buf.buffer, 4, headerLen).toString('utf8'));
  } catch (err) {
    throw new DataError(`damaged item file ${file}`, { location: { file }, cause: err });
  }
  if (header.magic !== MAGIC) throw new DataError(`${file} is not an item file`, { location: { file } });
  const start = Math.ceil((headerLen + 4) / 4) * 4;
  const floats = new Float32Array(buf.buffer, start, (buf.length - start) / 4);
  let off = 0;
  const out: (Item | undefined)[] = [];
  for (const shape of header.shapes) {
    if (!shape) {
      out.push(undefined);
      continue;
    }
    const n = shape.reduce((a, b) => a * b, 1);
    if (off + n > floats.length) throw new DataError(`item file ${file} is truncated`, { location: { file } });
    out.push({ data: floats.subarray(off, off + n), shape });
    off += n;
  }
  return out;
}
