/**
 * The values that flow between stages, one per example: a typed array and its shape.
 * Sequences have shape [T, D] (a waveform is [T, 1]); vectors [D]; images [H, W, C]; token
 * sequences [L] holding token ids.
 */
export interface Item {
  readonly data: Float32Array;
  readonly shape: readonly number[];
}

/**
 * The label of one example for one supervision: a class id, a token sequence, a multi-label vector (null =
 * unknown), or null when missing.
 */
export type LabelValue = number | readonly number[] | readonly (number | null)[] | null;

/** Metrics of one stage on one split, e.g. { accuracy: 0.97, wer: 0.03 }. */
export type Metrics = Record<string, number>;

/** Makes an item, checking that the shape matches the data. */
export function item(data: Float32Array, shape: readonly number[]): Item {
  const n = shape.reduce((a, b) => a * b, 1);
  if (n !== data.length) throw new Error(`item shape [${shape.join(',')}] needs ${n} values, got ${data.length}`);
  return { data, shape };
}

/** Number of time steps of a sequence item. */
export function steps(x: Item): number {
  return x.shape[0] ?? 0;
}
