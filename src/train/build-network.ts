import * as tf from '@tensorflow/tfjs';
import { isSequence, type PortType } from '../compile/port-type.js';
import type { LayerFactory } from '../stage/stage.js';
import type { Head } from './head.js';
import { Network, type NetworkShape } from './network.js';

/** The tf input shape of a port type (batch axis excluded; sequences have a free time axis). */
export function inputShapeOf(t: PortType): (number | null)[] {
  const dims = t.dims.map((d) => (typeof d === 'number' ? d : null));
  if (t.kind === 'waveform') return [null, 1];
  if (isSequence(t.kind)) return [null, dims[dims.length - 1] ?? null];
  return dims;
}

/**
 * Builds a Network: an input for `inputType`, a body from `body`, and one dense output layer per head
 * (linear: heads apply their own softmax, sigmoid or CTC).
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
  const outputs = heads.map((h) =>
    tf.layers.dense({ units: h.units, kernelInitializer: layers.initializer(), name: layers.name(`head_${h.label}`) }).apply(trunk) as tf.SymbolicTensor,
  );
  const model = tf.model({ inputs: input, outputs: outputs.length === 1 ? outputs[0]! : outputs });
  return new Network(model, heads, { ...shape, sequenceInput: isSequence(inputType.kind) });
}
