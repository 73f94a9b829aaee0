/** Analysis windows, symmetric (period N - 1) as in HTK and Kaldi; tables cached per (kind, length). */

/** Window shapes. 'povey' is Kaldi's default: a Hann window raised to 0.85, non-zero at the ends. */
export type WindowKind = 'hamming' | 'hann' | 'povey' | 'rectangular';

export const WINDOW_KINDS: readonly WindowKind[] = ['hamming', 'hann', 'povey', 'rectangular'];

const cache = new Map<string, Float64Array>();

/** The window of `kind` with `length` points; shared and cached, so do not modify it. */
export function makeWindow(kind: WindowKind, length: number): Float64Array {
  const key = `${kind}/${length}`;
  let w = cache.get(key);
  if (w) return w;
  if (!Number.isInteger(length) || length < 1)
    throw new RangeError(`makeWindow: length must be a positive integer, got ${length}`);
  w = new Float64Array(length);
  const step = length > 1 ? (2 * Math.PI) / (length - 1) : 0;
  for (let n = 0; n < length; n++) {
    const c = Math.cos(step * n);
    switch (kind) {
      case 'hamming':
        w[n] = 0.54 - 0.46 * c;
        break;
      case 'hann':
        w[n] = 0.5 - 0.5 * c;
        break;
      case 'povey':
        w[n] = Math.pow(0.5 - 0.5 * c, 0.85);
        break;
      case 'rectangular':
        w[n] = 1;
        break;
      default:
        throw new RangeError(`makeWindow: unknown window ${JSON.stringify(kind)} (${WINDOW_KINDS.join(', ')})`);
    }
  }
  if (length === 1) w[0] = 1;
  cache.set(key, w);
  return w;
}
