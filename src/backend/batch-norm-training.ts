/**
 * BatchNormalization in training with one closed-form gradient. tfjs-layers normalises with tf.moments
 * and the FusedBatchNorm op, so backprop runs FusedBatchNorm's gradient (which tiles rsqrt(variance) to
 * the full [B, T, 1, C] shape) and then the gradients of the moments (sub, square, two means) back into
 * x: about fifteen full-size passes. With x̂ = (x - mean)·rstd the whole thing is
 *   dβ = Σ dy,  dγ = Σ dy·x̂,  dx = γ·rstd · (dy - dβ/n - x̂·dγ/n)
 * (n values per channel), five full-size passes. The forward pass and the moving averages are tfjs's
 * own, so outputs are unchanged; gradients agree to float32 rounding (test/backend/batch-norm-training).
 * Installed on tfjs-layers' BatchNormalization for every backend; CONCERTINA_STOCK_BATCHNORM=1 keeps
 * the stock path.
 */
import * as tf from '@tensorflow/tfjs';

/** The parts of tfjs-layers' BatchNormalization (not exported) this module reads. */
interface BatchNormLayer {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: tf.LayerVariable;
  beta: tf.LayerVariable;
  movingMean: tf.LayerVariable;
  movingVariance: tf.LayerVariable;
}

type Call = (this: BatchNormLayer, inputs: tf.Tensor | tf.Tensor[], kwargs: tf.serialization.ConfigDict) => tf.Tensor;

let stockCall: Call | undefined;
let enabled = true;

function proto(): { call: Call } {
  return Object.getPrototypeOf(tf.layers.batchNormalization({})) as { call: Call };
}

/** Installs the closed-form gradient on BatchNormalization layers (idempotent). */
export function installBatchNormTraining(): void {
  if (stockCall !== undefined || globalThis.process?.env.CONCERTINA_STOCK_BATCHNORM === '1') return;
  const p = proto();
  const stock = p.call;
  stockCall = stock;
  p.call = function (this: BatchNormLayer, inputs, kwargs) {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const last = this.axis === -1 || this.axis === x.rank - 1;
    if (!enabled || kwargs['training'] !== true || !this.center || !this.scale || !last || x.rank < 2)
      return stock.call(this, inputs, kwargs);
    return tf.tidy(() => {
      const axes = Array.from({ length: x.rank - 1 }, (_, i) => i);
      const { mean, variance } = tf.moments(x, axes);
      const y = normalize(x, this.gamma.read(), this.beta.read(), mean, variance, this.epsilon, axes);
      // tfjs-layers' moving-average update, verbatim.
      for (const [v, value] of [
        [this.movingMean, mean],
        [this.movingVariance, variance],
      ] as const) {
        tf.tidy(() => {
          const orig = v.read();
          v.write(tf.sub(orig, tf.mul(tf.sub(orig, value), 1 - this.momentum)));
        });
      }
      return y;
    });
  };
}

/** Runs `fn` with tfjs' stock BatchNormalization gradient (tests compare the two). */
export function withStockBatchNorm<T>(fn: () => T): T {
  const before = enabled;
  enabled = false;
  try {
    return fn();
  } finally {
    enabled = before;
  }
}

/** γ·(x - mean)·rstd + β, with the closed-form gradient; mean and variance are constants to it. */
function normalize(
  x: tf.Tensor,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  mean: tf.Tensor,
  variance: tf.Tensor,
  epsilon: number,
  axes: number[],
): tf.Tensor {
  // mean and variance come in through the closure, not as inputs: the batch statistics' own
  // gradients are part of the closed form, so backprop must not run the moments' ops again.
  const op = tf.customGrad((xIn, gIn, bIn, save) => {
    const [xs, g, b] = [xIn, gIn, bIn] as tf.Tensor[];
    (save as tf.GradSaveFunc)([xs!, g!, mean, variance]);
    return {
      value: tf.batchNorm(xs!, mean, variance, b!, g!, epsilon),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const d = Array.isArray(dy) ? dy[0]! : dy;
        const [xv, gv, m, v] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
        const n = xv.size / m.size;
        const rstd = tf.rsqrt(tf.add(v, epsilon));
        const xhat = tf.mul(tf.sub(xv, m), rstd);
        const dBeta = tf.sum(d, axes);
        const dGamma = tf.sum(tf.mul(d, xhat), axes);
        const centred = tf.sub(tf.sub(d, tf.div(dBeta, n)), tf.mul(xhat, tf.div(dGamma, n)));
        return [tf.mul(centred, tf.mul(gv, rstd)), dGamma, dBeta];
      },
    };
  });
  return op(x, gamma, beta);
}
