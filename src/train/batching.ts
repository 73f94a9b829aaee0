import type { Item } from '../core/item.js';
import type { Random } from '../util/random.js';

/** A padded batch of sequences [B, T, D] with each example's true length. */
export interface PaddedBatch {
  readonly data: Float32Array;
  readonly shape: readonly [number, number, number];
  readonly lengths: readonly number[];
}

/**
 * Pads variable-length sequences (items of shape [T, D]) to the longest in the batch, rounded up to
 * a multiple of `multiple` (so strided layers divide evenly), filling with `padValue`.
 */
export function padSequences(items: readonly Item[], multiple = 1, padValue = 0): PaddedBatch {
  const dim = items[0]?.shape[1] ?? 1;
  const lengths = items.map((x) => x.shape[0]!);
  const maxLen = Math.max(1, Math.ceil(Math.max(1, ...lengths) / multiple) * multiple);
  const data = new Float32Array(items.length * maxLen * dim);
  if (padValue !== 0) data.fill(padValue);
  items.forEach((x, b) => {
    if (x.shape[1] !== undefined && x.shape[1] !== dim)
      throw new Error(`sequence ${b} has ${x.shape[1]} features, batch expects ${dim}`);
    data.set(x.data, b * maxLen * dim);
  });
  return { data, shape: [items.length, maxLen, dim], lengths };
}

/** A [B, ...shape] batch of fixed-shape items (vectors, images). */
export function stackItems(items: readonly Item[]): { data: Float32Array; shape: number[] } {
  const shape = items[0]?.shape ?? [0];
  const per = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(items.length * per);
  items.forEach((x, b) => {
    if (x.data.length !== per)
      throw new Error(`item ${b} has shape [${x.shape.join(',')}], batch expects [${shape.join(',')}]`);
    data.set(x.data, b * per);
  });
  return { data, shape: [items.length, ...shape] };
}

/**
 * Orders example indices into batches for one epoch: shuffled, then (for sequences) sorted by length
 * within windows of 32 batches so batches waste little padding, then the batch order shuffled again.
 */
export function epochBatches(
  indices: readonly number[],
  batchSize: number,
  rng: Random,
  lengthOf?: (i: number) => number,
): number[][] {
  const shuffled = rng.shuffle(indices);
  const ordered: number[] = [];
  if (lengthOf) {
    const window = batchSize * 32;
    for (let s = 0; s < shuffled.length; s += window) {
      ordered.push(...shuffled.slice(s, s + window).sort((a, b) => lengthOf(a) - lengthOf(b)));
    }
  } else ordered.push(...shuffled);
  const batches: number[][] = [];
  for (let s = 0; s < ordered.length; s += batchSize) batches.push(ordered.slice(s, s + batchSize));
  return lengthOf ? rng.shuffle(batches) : batches;
}

/** Consecutive batches in order (prediction, evaluation). */
export function inOrderBatches(count: number, batchSize: number): number[][] {
  const out: number[][] = [];
  for (let s = 0; s < count; s += batchSize)
    out.push(Array.from({ length: Math.min(batchSize, count - s) }, (_, k) => s + k));
  return out;
}
