/**
 * `concertina/network`: building trainable network stages with tf.layers: the NetworkStage base (training,
 * prediction, saving, collapse, extra heads and transfer come with it), seeded layer construction and
 * the custom layers the built-in kinds use. Loads tf.
 */
export { NetworkStage } from '../stage/network-stage.js';
export { CollapsedNetworkStage } from '../stage/collapsed-network-stage.js';
export type { Initializer, LayerFactory } from '../train/layer-factory.js';
export type { Head } from '../train/head.js';
export type { CtcHeadOptions } from '../train/heads/ctc-head.js';
export { bottleneck } from '../train/bottleneck.js';
export { seededDropout, SeededDropout } from '../train/layers/seeded-dropout.js';
export { SpecAugment, type SpecAugmentArgs } from '../train/layers/spec-augment.js';
export { LogPower } from '../train/layers/log-power.js';
export { PeakNormalize } from '../train/layers/peak-normalize.js';
export { imageStandardize, ImageStandardize } from '../train/layers/image-standardize.js';
