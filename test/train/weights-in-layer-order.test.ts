import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { weightsInLayerOrder } from '../../src/train/weights-in-layer-order.js';

test('the order of a model weights does not change when a layer is frozen, unlike model.weights', (t) => {
  const input = tf.input({ shape: [4] });
  const first = tf.layers.dense({ units: 3, name: 'first' });
  const second = tf.layers.dense({ units: 2, name: 'second' });
  const model = tf.model({ inputs: input, outputs: second.apply(first.apply(input)) as tf.SymbolicTensor });
  const names = (ws: readonly { name: string }[]) => ws.map((w) => w.name.replace(/_\d+$/, ''));
  const before = names(weightsInLayerOrder(model));
  first.trainable = false;
  t.deepEqual(names(weightsInLayerOrder(model)), before);
  t.deepEqual(before, ['first/kernel', 'first/bias', 'second/kernel', 'second/bias']);
  // What the helper protects against: tfjs lists trainable weights first.
  t.deepEqual(names(model.weights), ['second/kernel', 'second/bias', 'first/kernel', 'first/bias']);
  model.dispose();
});
