/**
 * Cutting a signal into overlapping frames. Window and hop are given in milliseconds and rounded to whole
 * samples. Padding policy: 'end' (default) zero-pads after the last sample so every sample lands in some
 * frame and any non-empty signal gives at least one frame: 1 + ceil(max(0, n - L) / hop) frames. 'none'
 * keeps only complete frames (Kaldi's snip-edges): 1 + floor((n - L) / hop), or 0 when n < L.
 */
import type { FeatureMatrix } from './feature-matrix.js';

/** How the tail of the signal is handled. */
export type FramePadding = 'end' | 'none';

/** Frame length and hop in samples. */
export interface FrameLayout {
  readonly frameLength: number;
  readonly hop: number;
}

/** Converts window and hop in ms to samples at `sampleRate`. */
export function frameLayout(sampleRate: number, windowMs: number, hopMs: number): FrameLayout {
  const frameLength = Math.round((windowMs * sampleRate) / 1000);
  const hop = Math.round((hopMs * sampleRate) / 1000);
  if (frameLength < 1)
    throw new RangeError(`framing: a ${windowMs} ms window is shorter than one sample at ${sampleRate} Hz`);
  if (hop < 1) throw new RangeError(`framing: a ${hopMs} ms hop is shorter than one sample at ${sampleRate} Hz`);
  return { frameLength, hop };
}

/** Number of frames for `numSamples` samples under `padding`. */
export function countFrames(numSamples: number, layout: FrameLayout, padding: FramePadding): number {
  const { frameLength: len, hop } = layout;
  if (numSamples === 0) return 0;
  if (padding === 'none') return numSamples < len ? 0 : 1 + Math.floor((numSamples - len) / hop);
  return numSamples <= len ? 1 : 1 + Math.ceil((numSamples - len) / hop);
}

/** Copies frame `t` of `x` into `out[0, frameLength)`, zero past the end of `x`. */
function copyFrame(x: ArrayLike<number>, t: number, layout: FrameLayout, out: Float32Array | Float64Array): void {
  const start = t * layout.hop;
  const avail = Math.max(0, Math.min(layout.frameLength, x.length - start));
  for (let i = 0; i < avail; i++) out[i] = x[start + i]!;
  out.fill(0, avail, layout.frameLength);
}

/** All frames as a [numFrames, frameLength] matrix (a convenience; the feature hot paths frame in place). */
export function frameSignal(x: ArrayLike<number>, layout: FrameLayout, padding: FramePadding = 'end'): FeatureMatrix {
  const numFrames = countFrames(x.length, layout, padding);
  const dim = layout.frameLength;
  const data = new Float32Array(numFrames * dim);
  for (let t = 0; t < numFrames; t++) copyFrame(x, t, layout, data.subarray(t * dim, (t + 1) * dim));
  return { data, numFrames, dim };
}
