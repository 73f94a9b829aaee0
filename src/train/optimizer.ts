import * as tf from '@tensorflow/tfjs';
import type { ResolvedTraining } from '../spec/resolved-training.js';
import { Adam } from './adam.js';

/** Builds the tf optimizer the training settings name. */
export function makeOptimizer(o: ResolvedTraining['optimizer'], learningRate = o.learningRate): tf.Optimizer {
  switch (o.kind) {
    case 'adam':
      return new Adam(learningRate); // tfjs's arithmetic; resumes bit for bit
    case 'sgd':
      return tf.train.sgd(learningRate);
    case 'momentum':
      return tf.train.momentum(learningRate, o.momentum ?? 0.9);
    case 'rmsprop':
      return tf.train.rmsprop(learningRate);
    default: {
      const never: never = o.kind;
      throw new Error(`unknown optimizer ${String(never)}`);
    }
  }
}
