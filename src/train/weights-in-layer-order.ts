import type * as tf from '@tensorflow/tfjs';

/**
 * Every weight of a model in layer order. `model.getWeights()` lists trainable weights first, so its
 * order changes when a layer is frozen or unfrozen, and a snapshot taken before gradual unfreezing
 * would be written back onto the wrong variables; this order never changes.
 */
export function weightsInLayerOrder(model: tf.LayersModel): tf.LayerVariable[] {
  return model.layers.flatMap((l) => l.weights);
}
