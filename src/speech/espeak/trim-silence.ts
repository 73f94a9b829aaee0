/**
 * Leading/trailing silence removal by frame energy.
 *
 * The signal is cut into non-overlapping frames (default 10 ms) and each frame's RMS level is taken.
 * A frame is speech when its level is within `relativeDb` (default 40 dB) of the loudest frame AND above
 * `floorDb` dBFS (default -60, so a near-silent clip is not "all speech" relative to itself). Everything
 * before the first and after the last speech frame goes, except `paddingMs` (default 20 ms) kept on each
 * side so that weak onsets (the frication of "s", "f", "th") and releases are not clipped.
 * Silences inside the utterance are kept. A clip with no speech frame is returned empty.
 */

/** Thresholds of trimSilence; see the file comment. */
export interface TrimOptions {
  readonly frameMs?: number;
  readonly relativeDb?: number;
  readonly floorDb?: number;
  readonly paddingMs?: number;
}

/** Default thresholds (documented in the file comment). */
export const DEFAULT_TRIM: Required<TrimOptions> = { frameMs: 10, relativeDb: 40, floorDb: -60, paddingMs: 20 };

/** The [start, end) sample range that holds speech; [0, 0) when none does. */
export function speechBounds(x: Float32Array, sampleRate: number, options: TrimOptions = {}): [number, number] {
  const o = { ...DEFAULT_TRIM, ...options };
  const frame = Math.max(1, Math.round((o.frameMs * sampleRate) / 1000));
  const frames = Math.ceil(x.length / frame);
  const level = new Float64Array(frames);
  let loudest = 0;
  for (let f = 0; f < frames; f++) {
    const end = Math.min(x.length, (f + 1) * frame);
    let sum = 0;
    for (let i = f * frame; i < end; i++) sum += x[i]! * x[i]!;
    level[f] = sum / (end - f * frame);
    loudest = Math.max(loudest, level[f]!);
  }
  // Compared as powers: dB / 10.
  const threshold = Math.max(loudest * 10 ** (-o.relativeDb / 10), 10 ** (o.floorDb / 10));
  let first = 0;
  while (first < frames && !(level[first]! >= threshold)) first++;
  if (first === frames || loudest === 0) return [0, 0];
  let last = frames - 1;
  while (!(level[last]! >= threshold)) last--;
  const pad = Math.round((o.paddingMs * sampleRate) / 1000);
  return [Math.max(0, first * frame - pad), Math.min(x.length, (last + 1) * frame + pad)];
}

/** A copy of `x` without its leading and trailing silence. */
export function trimSilence(x: Float32Array, sampleRate: number, options: TrimOptions = {}): Float32Array {
  const [start, end] = speechBounds(x, sampleRate, options);
  return x.slice(start, end);
}
