/** A sequence of feature vectors, row-major [numFrames, dim]: the output of every hand-designed feature. */
export interface FeatureMatrix {
  readonly data: Float32Array;
  readonly numFrames: number;
  readonly dim: number;
}
