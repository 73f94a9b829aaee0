/**
 * Regression deltas (HTK): d_t = sum_{n=1..N} n (c_{t+n} - c_{t-n}) / (2 sum_{n=1..N} n^2), with frames
 * before the first and after the last replaced by the first and last frame (edges replicated).
 */
import type { FeatureMatrix } from './feature-matrix.js';

/**
 * Writes deltas of columns [srcCol, srcCol + width) into columns [dstCol, dstCol + width) of the same
 * row-major matrix with `stride` columns (the layout MFCC output uses: statics, deltas, delta-deltas).
 */
function deltasInto(
  data: Float32Array,
  numFrames: number,
  stride: number,
  srcCol: number,
  dstCol: number,
  width: number,
  window: number,
): void {
  if (!Number.isInteger(window) || window < 1)
    throw new RangeError(`deltas: window must be a positive integer, got ${window}`);
  let denom = 0;
  for (let n = 1; n <= window; n++) denom += 2 * n * n;
  const inv = 1 / denom;
  const last = numFrames - 1;
  for (let t = 0; t < numFrames; t++) {
    const dst = t * stride + dstCol;
    for (let i = 0; i < width; i++) data[dst + i] = 0;
    for (let n = 1; n <= window; n++) {
      const ahead = (t + n > last ? last : t + n) * stride + srcCol;
      const behind = (t - n < 0 ? 0 : t - n) * stride + srcCol;
      for (let i = 0; i < width; i++) data[dst + i]! += n * (data[ahead + i]! - data[behind + i]!);
    }
    for (let i = 0; i < width; i++) data[dst + i]! *= inv;
  }
}

/** Deltas of every column of `m` as a new matrix of the same shape. */
export function computeDeltas(m: FeatureMatrix, window = 2): FeatureMatrix {
  const stride = 2 * m.dim;
  const work = new Float32Array(m.numFrames * stride);
  for (let t = 0; t < m.numFrames; t++) work.set(m.data.subarray(t * m.dim, (t + 1) * m.dim), t * stride);
  deltasInto(work, m.numFrames, stride, 0, m.dim, m.dim, window);
  const data = new Float32Array(m.numFrames * m.dim);
  for (let t = 0; t < m.numFrames; t++) data.set(work.subarray(t * stride + m.dim, (t + 1) * stride), t * m.dim);
  return { data, numFrames: m.numFrames, dim: m.dim };
}

/**
 * Fills the columns after the first `width` statics of a [numFrames, stride] matrix: deltas (when `deltas`)
 * then delta-deltas (when `deltaDeltas`, the deltas of the deltas, computed even if deltas are not kept).
 */
export function appendDeltaColumns(
  data: Float32Array,
  numFrames: number,
  stride: number,
  width: number,
  deltas: boolean,
  deltaDeltas: boolean,
  window: number,
): void {
  if (deltas) deltasInto(data, numFrames, stride, 0, width, width, window);
  if (!deltaDeltas) return;
  if (deltas) {
    deltasInto(data, numFrames, stride, width, 2 * width, width, window);
    return;
  }
  // Deltas are not kept: compute both in a scratch matrix and copy the delta-deltas out.
  const s3 = 3 * width;
  const tmp = new Float32Array(numFrames * s3);
  for (let t = 0; t < numFrames; t++) tmp.set(data.subarray(t * stride, t * stride + width), t * s3);
  deltasInto(tmp, numFrames, s3, 0, width, width, window);
  deltasInto(tmp, numFrames, s3, width, 2 * width, width, window);
  for (let t = 0; t < numFrames; t++) data.set(tmp.subarray(t * s3 + 2 * width, (t + 1) * s3), t * stride + width);
}
