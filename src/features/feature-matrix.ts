/** A sequence of feature vectors: the output of every hand-designed feature in concertina. */

/** Row-major [numFrames, dim] features. */
export interface FeatureMatrix {
  readonly data: Float32Array;
  readonly numFrames: number;
  readonly dim: number;
}

/** An all-zero matrix of the given shape. */
export function zeroMatrix(numFrames: number, dim: number): FeatureMatrix {
  return { data: new Float32Array(numFrames * dim), numFrames, dim };
}

/** Row `t` as a view (no copy). */
export function matrixRow(m: FeatureMatrix, t: number): Float32Array {
  return m.data.subarray(t * m.dim, (t + 1) * m.dim);
}
