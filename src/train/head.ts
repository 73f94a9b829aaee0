import type * as tf from '@tensorflow/tfjs';
import type { InferenceHead } from '../core/inference.js';
import type { Item, LabelValue, Metrics } from '../core/item.js';

/**
 * The output end of a network for one supervision: its loss, how raw outputs become items for the
 * next stage, and the metrics of those items against labels. Staged stages, the end-to-end network
 * and multi-task heads all train through heads.
 */
export interface Head {
  /** Supervision name (the dataset label). */
  readonly label: string;
  /** Units of the output layer the head needs. */
  readonly units: number;
  /** Whether outputs are per frame (CTC) or per example. */
  readonly perFrame: boolean;
  /**
   * Loss of a batch. `labels` may hold nulls (missing labels): they contribute nothing, and the loss
   * averages over the labelled examples only (0 when none is labelled).
   */
  loss(outputs: tf.Tensor, labels: readonly LabelValue[], outputLengths: readonly number[]): tf.Scalar;
  /** Items for the next stage from a batch of raw outputs (log-probabilities, scores...). */
  decode(outputs: tf.Tensor, outputLengths: readonly number[]): Item[];
  /** Metrics of decoded items against labels (missing labels skipped). */
  metrics(outputs: readonly Item[], labels: readonly LabelValue[]): Metrics;
  /** The metric that summarises this head (accuracy, per, wer...). */
  readonly primaryMetric: string;
  /** How `decode` works, for the inference runtime (`concertina export`). */
  describe?(): InferenceHead;
}
