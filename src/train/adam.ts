/**
 * Adam with the arithmetic of tfjs's AdamOptimizer, bit for bit, but (1) in one SIMD pass per variable on
 * the wasm backend instead of fourteen kernels (backend/wasm-kernels/adam-update.ts), and (2) with a bias
 * correction that depends on the step count alone, so that a checkpoint restores it exactly.
 *
 * tfjs keeps beta^t in a float32 variable multiplied by beta at every step, but its setWeights sets it to
 * pow(beta, t + 1): after a resume the correction differs in the last bits, and so does the rest of the
 * run (the cause of resumed runs ending 1e-6 away from uninterrupted ones). Here beta^t is that same
 * float32 product, recomputed from the iteration count on restore. Weights are saved in tfjs's format
 * (iterations, then `<var>/m` and `<var>/v` slots by position), so checkpoints of either load in both.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { ADAM_UPDATE, adamLoop, type AdamUpdateAttrs } from '../backend/wasm-kernels/adam-update.js';

/** tfjs's types of an optimizer's arguments (not exported by the package). */
type VariableGradients = Parameters<tf.Optimizer['applyGradients']>[0];
type NamedTensor = Awaited<ReturnType<tf.Optimizer['getWeights']>>[number];

interface Slot {
  originalName: string;
  variable: tf.Variable;
}

const fr = Math.fround;

export class Adam extends tf.Optimizer {
  static get className(): string {
    return 'Adam'; // the name tfjs and Keras save Adam's config under
  }

  private readonly first: Slot[] = [];
  private readonly second: Slot[] = [];
  /** beta1^(t+1) and beta2^(t+1) as tfjs's float32 accumulators hold them after t steps. */
  private accBeta1: number;
  private accBeta2: number;

  constructor(
    private readonly learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = tf.backend().epsilon(),
  ) {
    super();
    this.accBeta1 = fr(beta1);
    this.accBeta2 = fr(beta2);
  }

  override applyGradients(variableGradients: VariableGradients): void {
    const names = Array.isArray(variableGradients)
      ? variableGradients.map((v) => v.name)
      : Object.keys(variableGradients);
    const fused =
      process.env.CONCERTINA_STOCK_ADAM !== '1' && // A/B: tfjs's fourteen kernels (same results)
      tf.getBackend() === 'wasm' &&
      tf.getKernel(ADAM_UPDATE, 'wasm') !== undefined &&
      adamLoop(tf.backend() as BackendWasm) !== undefined;
    const correction1 = fr(1 - this.accBeta1);
    const correction2 = fr(1 - this.accBeta2);
    tf.tidy(() => {
      // The scalars once per step, not once per variable and use (tfjs converts each number it is given).
      const oneMinusAccBeta1 = tf.scalar(correction1);
      const oneMinusAccBeta2 = tf.scalar(correction2);
      const beta1 = tf.scalar(this.beta1);
      const beta2 = tf.scalar(this.beta2);
      const oneMinusBeta1 = tf.scalar(1 - this.beta1);
      const oneMinusBeta2 = tf.scalar(1 - this.beta2);
      const epsilon = tf.scalar(this.epsilon);
      const negLearningRate = tf.scalar(-this.learningRate);
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name]!;
        this.first[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        this.second[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        const gradient = Array.isArray(variableGradients) ? variableGradients[i]!.tensor : variableGradients[name];
        if (gradient == null) return;
        const m = this.first[i]!.variable;
        const v = this.second[i]!.variable;
        if (fused) {
          const attrs: AdamUpdateAttrs = {
            beta1: this.beta1,
            beta2: this.beta2,
            oneMinusBeta1: 1 - this.beta1,
            oneMinusBeta2: 1 - this.beta2,
            correction1,
            correction2,
            epsilon: this.epsilon,
            negLearningRate: -this.learningRate,
          };
          const [p1, m1, v1] = tf
            .engine()
            .runKernel(ADAM_UPDATE, { value, gradient, m, v }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
          m.assign(m1!);
          v.assign(v1!);
          value.assign(p1!);
          return;
        }
        // tfjs's AdamOptimizer, operation for operation (the fused kernel does the same in one pass).
        const m1 = tf.add(tf.mul(m, beta1), tf.mul(gradient, oneMinusBeta1));
        const v1 = tf.add(tf.mul(v, beta2), tf.mul(tf.square(gradient), oneMinusBeta2));
        const mHat = tf.div(m1, oneMinusAccBeta1);
        const vHat = tf.div(v1, oneMinusAccBeta2);
        m.assign(m1);
        v.assign(v1);
        value.assign(tf.add(tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), epsilon)), negLearningRate), value));
      });
    });
    this.accBeta1 = fr(this.accBeta1 * fr(this.beta1));
    this.accBeta2 = fr(this.accBeta2 * fr(this.beta2));
    this.incrementIterations();
  }

  override dispose(): void {
    for (const s of [...this.first, ...this.second]) s.variable.dispose();
    this.first.length = 0;
    this.second.length = 0;
  }

  override async getWeights(): Promise<NamedTensor[]> {
    const slots = [...this.first, ...this.second];
    return [await this.saveIterations(), ...slots.map((s) => ({ name: s.originalName, tensor: s.variable }))];
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const values = await this.extractIterations(weightValues);
    this.dispose();
    const half = values.length / 2;
    values.forEach((w, k) =>
      (k < half ? this.first : this.second).push({ originalName: w.name, variable: w.tensor.variable(false) }),
    );
    // The same float32 products an uninterrupted run reached after this many steps.
    this.accBeta1 = fr(this.beta1);
    this.accBeta2 = fr(this.beta2);
    for (let t = 0; t < this.iterations; t++) {
      this.accBeta1 = fr(this.accBeta1 * fr(this.beta1));
      this.accBeta2 = fr(this.accBeta2 * fr(this.beta2));
    }
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}
