import type * as tf from '@tensorflow/tfjs';
import type { Head } from '../train/head.js';
import type { LayerFactory } from '../train/layer-factory.js';

import type { InferenceOp } from '../core/inference.js';
import type { Item, LabelValue, Metrics } from '../core/item.js';

/** Training data handed to `fit`: inputs per input port, per example, and the labels of the stage's supervision. */
export interface FitSplit {
  readonly inputs: readonly (readonly Item[])[];
  /** Labels of the stage's supervision (empty for unsupervised stages). */
  readonly labels: readonly LabelValue[];
  /** Labels of auxiliary heads (multi-task), by supervision name. */
  readonly aux?: Readonly<Record<string, readonly LabelValue[]>>;
}

export interface FitData {
  readonly train: FitSplit;
  readonly validation: FitSplit | undefined;
}

/**
 * A stage at run time. Instances are created by the container for one stage of one run, with their
 * StageContext injected; compile-time facts live in the kind's static `descriptor`.
 */
export interface Stage {
  /** Learn from the training split (stages whose descriptor says fit is not `none`). */
  fit?(data: FitData): Promise<void>;
  /** Maps the inputs of a batch of examples (per port, per example) to one output per example. */
  transform(inputs: readonly (readonly Item[])[]): Promise<Item[]>;
  /** Metrics of outputs against labels of the stage's supervision. */
  evaluate?(outputs: readonly Item[], labels: readonly LabelValue[]): Metrics;
  /** Metrics of auxiliary heads (multi-task) on the evaluation split, given its inputs and their labels. */
  evaluateAux?(inputs: readonly (readonly Item[])[], aux: Readonly<Record<string, readonly LabelValue[]>>): Metrics;
  /** Writes the trained state (tfjs model, statistics) into a folder. */
  save?(dir: string): Promise<void>;
  /** Restores what save wrote. */
  load?(dir: string): Promise<void>;
  /**
   * What the trained (or loaded) stage computes at inference, for `concertina export`; a network's model
   * path is relative to the folder `save` wrote. A kind without it has no inference path.
   */
  inference?(): InferenceOp;
  /** Frees tensors. */
  dispose?(): void;
}

/**
 * A stage whose computation is a network: it can train alone (staged mode) or lend its layers to the
 * one network of end-to-end mode.
 */
export interface NetworkMember {
  /**
   * Adds this stage's layers on top of `input`. As `last`, the result is what `loss` and `decode` take;
   * as `member`, it is a hidden representation handed to the next stage's layers.
   */
  buildLayers(input: tf.SymbolicTensor, role: 'member' | 'last', layers: LayerFactory): tf.SymbolicTensor;
  /** How the time axis shrinks through this stage's layers (strides, pooling). */
  outputLength(inputLength: number): number;
  /** Sequence batches are padded to a multiple of this (the product of the layers' time strides). */
  lengthMultiple?(): number;
  /** The head that trains the network when this stage is its output. */
  head?(): Head;
}
