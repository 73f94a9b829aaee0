/**
 * Connectionist temporal classification loss (tfjs has none). The forward pass reads the logits once,
 * normalises them per frame and runs the log-space forward algorithm per example over its true input
 * and label length; the gradient (softmax minus state occupancy) runs the backward algorithm lazily,
 * only when tfjs asks for it.
 */
import * as tf from '@tensorflow/tfjs';
import { CtcInputTooShortError } from './ctc-errors.js';
import {
  ctcForward,
  ctcOccupancy,
  countRepeats,
  extendLabel,
  latticeEmissions,
  minInputLength,
} from './ctc-lattice.js';
import { checkBatch, checkBlank, checkLabel } from './ctc-validate.js';

export { minInputLength, countRepeats } from './ctc-lattice.js';

/** How per-example losses combine: mean over the batch, sum, none ([B]), or mean of loss / label length. */
export type CtcReduction = 'mean' | 'sum' | 'none' | 'mean-per-label';

/** What an input shorter than its label needs does: throw, give Infinity, or give 0 loss and 0 gradient. */
export type CtcTooShort = 'error' | 'infinity' | 'zero';

export interface CtcLossOptions {
  /** Class index of the blank; default 0. */
  blank?: number;
  /** Default 'mean'. */
  reduction?: CtcReduction;
  /** Default 'error'. With 'infinity' the loss is Infinity and the example's gradient is 0 (none exists). */
  tooShort?: CtcTooShort;
}

type Labels = readonly (readonly number[])[];

/** Per-example state kept from the forward pass for the gradient. */
interface Lattice {
  ext: Int32Array;
  em: Float64Array;
  alpha: Float64Array;
  logLik: number;
}

/** CTC negative log-likelihood of labels given unnormalised logits [B, T, C], differentiable w.r.t. logits. */
export function ctcLoss(
  logits: tf.Tensor3D,
  labels: Labels,
  inputLengths: readonly number[],
  options: CtcLossOptions & { reduction: 'none' },
): tf.Tensor1D;
export function ctcLoss(
  logits: tf.Tensor3D,
  labels: Labels,
  inputLengths: readonly number[],
  options?: CtcLossOptions & { reduction?: Exclude<CtcReduction, 'none'> },
): tf.Scalar;
export function ctcLoss(
  logits: tf.Tensor3D,
  labels: Labels,
  inputLengths: readonly number[],
  options?: CtcLossOptions,
): tf.Scalar | tf.Tensor1D;
export function ctcLoss(
  logits: tf.Tensor3D,
  labels: Labels,
  inputLengths: readonly number[],
  options: CtcLossOptions = {},
): tf.Scalar | tf.Tensor1D {
  if (logits.rank !== 3)
    throw new RangeError(`ctcLoss expects logits [B, T, C], got shape [${logits.shape.join(', ')}]`);
  const [B, T, C] = logits.shape;
  const blank = options.blank ?? 0;
  const reduction = options.reduction ?? 'mean';
  const tooShort = options.tooShort ?? 'error';
  checkBlank(blank, C);
  checkBatch(labels, inputLengths, B, T);
  labels.forEach((label, b) => checkLabel(label, C, blank, `the label of batch example ${b}`));
  const feasible = labels.map((label, b) => minInputLength(label) <= inputLengths[b]!);
  if (tooShort === 'error') {
    const b = feasible.indexOf(false);
    if (b >= 0) throw new CtcInputTooShortError(b, inputLengths[b]!, labels[b]!.length, countRepeats(labels[b]!));
  }
  // d(total)/d(loss_b): the reduction's weight of each example (dy is applied on top in the gradient).
  const weights = labels.map((label) =>
    reduction === 'mean' ? 1 / B : reduction === 'mean-per-label' ? 1 / (B * Math.max(1, label.length)) : 1,
  );

  // customGrad hands f its tensors then a save function; the lattices live in this closure instead.
  const op = tf.customGrad<tf.Tensor>((...inputs) => {
    const x = inputs[0] as tf.Tensor;
    const data = x.dataSync() as Float32Array; // the one transfer from the backend
    const norm = frameLogSumExp(data, B, T, C, inputLengths);
    const losses = new Float64Array(B);
    const lattices: (Lattice | null)[] = [];
    for (let b = 0; b < B; b++) {
      const len = inputLengths[b]!;
      const ext = extendLabel(labels[b]!, blank);
      const em = feasible[b] ? latticeEmissions(data, b * T * C, len, C, ext, norm, b * T) : new Float64Array(0);
      const alpha = new Float64Array(em.length);
      const logLik = feasible[b] ? ctcForward(em, len, ext, alpha) : -Infinity;
      // A feasible label can still have probability 0 when logits hold -Infinity: treat it as too short.
      const finite = Number.isFinite(logLik);
      // 0 - logLik rather than -logLik: an empty label on no frames gives +0, not -0.
      losses[b] = finite ? 0 - logLik : tooShort === 'zero' ? 0 : Infinity;
      lattices.push(finite ? { ext, em, alpha, logLik } : null);
    }
    const value =
      reduction === 'none'
        ? tf.tensor1d(Float32Array.from(losses))
        : tf.scalar(losses.reduce((sum, l, b) => sum + weights[b]! * l, 0));
    const gradFunc = (dy: tf.Tensor): tf.Tensor => {
      const grad = ctcGradient(data, norm, lattices, weights, inputLengths, B, T, C);
      const g = tf.tensor3d(grad, [B, T, C]);
      return tf.mul(g, reduction === 'none' ? tf.reshape(dy, [B, 1, 1]) : dy);
    };
    return { value, gradFunc };
  });
  return op(logits) as tf.Scalar | tf.Tensor1D;
}

/** log-sum-exp of each real frame's logits, norm[b*T + t]; padded frames stay 0 and are never read. */
function frameLogSumExp(data: Float32Array, B: number, T: number, C: number, lengths: readonly number[]): Float64Array {
  const norm = new Float64Array(B * T);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < lengths[b]!; t++) {
      const row = (b * T + t) * C;
      let max = -Infinity;
      for (let k = 0; k < C; k++) if (data[row + k]! > max) max = data[row + k]!;
      let sum = 0;
      for (let k = 0; k < C; k++) sum += Math.exp(data[row + k]! - max);
      norm[b * T + t] = max + Math.log(sum);
    }
  }
  return norm;
}

/** Gradient of the weighted per-example losses w.r.t. logits: weight * (softmax - occupancy), 0 on padding. */
function ctcGradient(
  data: Float32Array,
  norm: Float64Array,
  lattices: readonly (Lattice | null)[],
  weights: readonly number[],
  lengths: readonly number[],
  B: number,
  T: number,
  C: number,
): Float32Array {
  const grad = new Float32Array(B * T * C);
  const frame = new Float64Array(C); // float64: softmax and occupancy are both near 1 and cancel
  for (let b = 0; b < B; b++) {
    const lat = lattices[b];
    if (lat == null) continue;
    const len = lengths[b]!;
    const S = lat.ext.length;
    const occ = ctcOccupancy(lat.em, len, lat.ext, lat.alpha, lat.logLik);
    const w = weights[b]!;
    for (let t = 0; t < len; t++) {
      const row = (b * T + t) * C;
      const z = norm[b * T + t]!;
      for (let k = 0; k < C; k++) frame[k] = Math.exp(data[row + k]! - z);
      for (let s = 0; s < S; s++) frame[lat.ext[s]!] -= occ[t * S + s]!;
      for (let k = 0; k < C; k++) grad[row + k] = w * frame[k]!;
    }
  }
  return grad;
}
