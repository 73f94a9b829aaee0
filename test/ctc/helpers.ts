import * as tf from '@tensorflow/tfjs';
import { ctcLoss, type CtcLossOptions } from '../../src/ctc/ctc-loss.js';

/**
 * Test helpers for src/ctc. The reference CTC is by enumeration: every path of length T over C symbols,
 * collapsed (merge repeats, drop blanks), summed in float64 by labelling. Exponential, so tiny cases only;
 * it shares no code with src/ctc.
 */

/** log-softmax of each row, float64. */
export function logSoftmaxRows(logits: readonly (readonly number[])[]): number[][] {
  return logits.map((row) => {
    const max = Math.max(...row);
    const z = max + Math.log(row.reduce((sum, v) => sum + Math.exp(v - max), 0));
    return row.map((v) => v - z);
  });
}

/** Probability of every labelling reachable in T frames, keyed by its tokens joined with ','. */
export function labellingProbabilities(logProbs: readonly (readonly number[])[], blank = 0): Map<string, number> {
  const T = logProbs.length;
  const C = T === 0 ? 0 : logProbs[0]!.length;
  const out = new Map<string, number>();
  const path = new Array<number>(T).fill(0);
  const visit = (t: number, logp: number): void => {
    if (t === T) {
      const tokens: number[] = [];
      path.forEach((k, i) => {
        if (k !== blank && (i === 0 || k !== path[i - 1])) tokens.push(k);
      });
      const key = tokens.join(',');
      out.set(key, (out.get(key) ?? 0) + Math.exp(logp));
      return;
    }
    for (let k = 0; k < C; k++) {
      path[t] = k;
      visit(t + 1, logp + logProbs[t]![k]!);
    }
  };
  visit(0, 0);
  return out;
}

/** -log p(label | logits) by enumeration (Infinity when no path collapses to the label). */
export function bruteForceLoss(logits: readonly (readonly number[])[], label: readonly number[], blank = 0): number {
  const p = labellingProbabilities(logSoftmaxRows(logits), blank).get(label.join(',')) ?? 0;
  return -Math.log(p);
}

/** Deterministic small logits in [-scale, scale] (sines, no PRNG needed). */
export function smallLogits(T: number, C: number, seed = 1, scale = 1): number[][] {
  return Array.from({ length: T }, (_, t) =>
    Array.from({ length: C }, (_, k) => scale * Math.sin(seed * 12.9898 + t * 3.7 + k * 7.3 + t * k * 0.61)),
  );
}

/** d f / d x for a function of logits [B, T, C] (tf.grad is typed on plain Tensor). */
export function gradient(f: (z: tf.Tensor3D) => tf.Tensor, x: tf.Tensor3D): tf.Tensor3D {
  return tf.grad((z) => f(z as tf.Tensor3D))(x) as tf.Tensor3D;
}

/**
 * Loss values come back as float32 (relative precision 6e-8) from float64 arithmetic, so 1e-6 relative
 * is a tight bound that still leaves room for the float32 rounding of the output.
 */
export const close = (a: number, b: number, rel = 1e-6): boolean => Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));

/** Logits as the float32 values the tensor holds, so brute force and ctcLoss see identical inputs. */
export const f32 = (rows: number[][]): number[][] => rows.map((r) => r.map((v) => Math.fround(v)));

/** A padded batch [B, maxT, C]; frames past each length are filled with `pad` (garbage on purpose). */
export function batch(seqs: number[][][], maxT: number, C: number, pad = 37): number[][][] {
  return seqs.map((s) => [...s, ...Array.from({ length: maxT - s.length }, () => new Array<number>(C).fill(pad))]);
}

/** Per-example losses of a batch given as nested arrays. */
export const lossOf = (
  logits: number[][][],
  labels: number[][],
  lengths: number[],
  options: CtcLossOptions = {},
): number[] =>
  tf.tidy(() =>
    Array.from(ctcLoss(tf.tensor3d(logits), labels, lengths, { ...options, reduction: 'none' }).dataSync()),
  );
