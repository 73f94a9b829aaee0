/**
 * tfjs' Adam with each variable's update as one kernel on wasm (ConcertinaAdamUpdate, src/backend/
 * wasm-kernels/adam-update.ts) instead of about fifteen: same state (moments, accumulated betas), same
 * serialised weights and class name, and bit-for-bit the same updates. Other backends use tfjs' code,
 * and so does everything with CONCERTINA_STOCK_ADAM=1 (benchmarks compare the two).
 */
import * as tf from '@tensorflow/tfjs';
import { ADAM_UPDATE } from '../backend/wasm-kernels/index.js';

const STOCK = globalThis.process?.env.CONCERTINA_STOCK_ADAM === '1';

interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  accumulatedSecondMoment: ({ originalName: string; variable: tf.Variable } | undefined)[];
  incrementIterations(): void;
}

/** Adam whose per-variable update is one fused kernel where the backend has it. */
export class FusedAdamOptimizer extends tf.AdamOptimizer {
  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    if (STOCK || tf.getBackend() !== 'wasm' || tf.getKernel(ADAM_UPDATE, 'wasm') === undefined) {
      super.applyGradients(variableGradients);
      return;
    }
    const self = this as unknown as AdamState;
    const list = Array.isArray(variableGradients)
      ? variableGradients.map((v) => [v.name, v.tensor] as const)
      : Object.entries(variableGradients);
    tf.tidy(() => {
      const oneMinusAccBeta1 = tf.sub(1, self.accBeta1).dataSync()[0]!;
      const oneMinusAccBeta2 = tf.sub(1, self.accBeta2).dataSync()[0]!;
      list.forEach(([name, gradient], i) => {
        const value = tf.engine().registeredVariables[name]!;
        self.accumulatedFirstMoment[i] ??= {
          originalName: `${name}/m`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        };
        self.accumulatedSecondMoment[i] ??= {
          originalName: `${name}/v`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        };
        if (gradient == null) return;
        const m = self.accumulatedFirstMoment[i].variable;
        const v = self.accumulatedSecondMoment[i].variable;
        const [next, nextM, nextV] = tf.engine().runKernel(
          ADAM_UPDATE,
          { value, m, v, g: gradient },
          {
            beta1: self.beta1,
            beta2: self.beta2,
            epsilon: self.epsilon,
            learningRate: self.learningRate,
            oneMinusAccBeta1,
            oneMinusAccBeta2,
          },
        ) as tf.Tensor[];
        m.assign(nextM!);
        v.assign(nextV!);
        value.assign(next!);
      });
      self.accBeta1.assign(tf.mul(self.accBeta1, self.beta1));
      self.accBeta2.assign(tf.mul(self.accBeta2, self.beta2));
    });
    self.incrementIterations();
  }
}

/** tf.train.adam with the fused update (tfjs' defaults for the betas and epsilon). */
export function fusedAdam(learningRate: number): tf.Optimizer {
  return new FusedAdamOptimizer(learningRate, 0.9, 0.999, undefined as unknown as number);
}
