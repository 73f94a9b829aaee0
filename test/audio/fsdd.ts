/** Locates the Free Spoken Digit Dataset for tests; absent data is a failure that says how to fix it. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The FSDD recordings folder; throws naming FSDD_DIR when it is missing. */
export function fsddDir(): string {
  const dir = process.env.FSDD_DIR ?? path.resolve(repoRoot, '../shared/data/fsdd/recordings');
  if (!existsSync(dir) || !readdirSync(dir).some((f) => f.endsWith('.wav'))) {
    throw new Error(
      `FSDD recordings not found at ${dir}: set FSDD_DIR to the folder of {digit}_{speaker}_{take}.wav files ` +
        '(the Free Spoken Digit Dataset, 8 kHz mono 16-bit)',
    );
  }
  return dir;
}

/** Sorted .wav file names of the FSDD. */
export function fsddFiles(): string[] {
  return readdirSync(fsddDir())
    .filter((f) => f.endsWith('.wav'))
    .sort();
}

/** Samples of an FSDD file read directly from its canonical 44-byte header layout (independent of src/audio). */
export function fsddSamplesDirect(name: string): Float32Array {
  const b = readFileSync(path.join(fsddDir(), name));
  return Float32Array.from({ length: (b.length - 44) / 2 }, (_, i) => b.readInt16LE(44 + 2 * i) / 32768);
}
