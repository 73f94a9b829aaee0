/** WAV files read from disk (Node); the decoding itself is in wav-decode.ts, which needs no file system. */
import { readFile } from 'node:fs/promises';
import { DataError } from '../errors/pipeline-error.js';
import { decodeWav, type WavReadOptions, type DecodedAudio } from './wav-decode.js';

export { decodeWav, type DecodedAudio, type WavReadOptions } from './wav-decode.js';
export { encodeWav } from './wav-encode.js';
export type { SampleFormat } from './wav-format.js';

/** Reads and decodes a WAV file; a missing or unreadable file is a DataError too. */
export async function readWav(file: string, options: WavReadOptions = {}): Promise<DecodedAudio> {
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file (or a symbolic link to nothing)'
        : code === 'ELOOP'
          ? 'a loop of symbolic links'
          : code === 'EISDIR'
            ? 'is a directory'
            : String((cause as Error).message);
    throw new DataError(`${file}: cannot read: ${why}`, { location: { file }, cause });
  }
  return decodeWav(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), file, options);
}
