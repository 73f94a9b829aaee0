import * as tf from '@tensorflow/tfjs';
import { isSequence, type PortType } from '../core/port-type.js';
import type { LayerFactory } from './layer-factory.js';
import type { Head } from './head.js';
import { StageError } from '../errors/pipeline-error.js';
import { Network, type NetworkShape } from './network.js';

/** The tf input shape of a port type (batch axis excluded; sequences have a free time axis). */
function inputShapeOf(t: PortType): (number | null)[] {
  const dims = t.dims.map((d) => (typeof d === 'number' ? d : null));
  if (t.kind === 'waveform') return [null, 1];
  if (isSequence(t.kind)) return [null, dims[dims.length - 1] ?? null];
  return dims;
}

/**
 * Builds a Network: an input for `inputType`, a body from `body`, and one dense output layer per head
 * (linear: heads apply their own softmax, sigmoid or CTC). Head layers are named `head_<label>`, which
 * is how transfer tells them from the trunk.
 */
export function buildNetwork(
  inputType: PortType,
  body: (input: tf.SymbolicTensor) => tf.SymbolicTensor,
  heads: readonly Head[],
  layers: LayerFactory,
  shape: Omit<NetworkShape, 'sequenceInput'>,
): Network {
  const input = tf.input({ shape: inputShapeOf(inputType), name: layers.name('input') });
  const trunk = body(input);
  const sequenceTrunk = trunk.shape.length === 3;
  const outputs = heads.map((h) => {
    if (h.perFrame && !sequenceTrunk)
      throw new StageError(
        `head \`${h.label}\` needs a sequence (per-frame outputs) but the trunk gives one vector per example`,
      );
    // A per-example head on a sequence trunk sees the average over time.
    const x =
      !h.perFrame && sequenceTrunk
        ? (tf.layers.globalAveragePooling1d({ name: layers.name(`pool_${h.label}`) }).apply(trunk) as tf.SymbolicTensor)
        : trunk;
    return tf.layers
      .dense({ units: h.units, kernelInitializer: layers.initializer(), name: layers.name(`head_${h.label}`) })
      .apply(x) as tf.SymbolicTensor;
  });
  const model = tf.model({ inputs: input, outputs: outputs.length === 1 ? outputs[0]! : outputs });
  return new Network(model, heads, { ...shape, sequenceInput: isSequence(inputType.kind) });
}
