/**
 * Replacement for wasm's MaxPoolGrad, which is wrong in tfjs-backend-wasm 4.22: it seeds the window
 * maximum with std::numeric_limits<float>::min() (the smallest *positive* float), so any window whose
 * maximum is <= 0 (after tanh, a linear conv, or ReLU zeros) routes its gradient to the wrong input.
 * Same semantics as the cpu kernel and TensorFlow: the first maximum in the window gets the gradient.
 */
import * as tf from '@tensorflow/tfjs';
import { f32, input, type WasmKernelArgs } from './wasm-util.js';

function maxPoolGrad(args: WasmKernelArgs): tf.TensorInfo {
  const { backend } = args;
  const attrs = args.attrs ?? {};
  const dy = input(args, 'dy');
  const x = input(args, 'input');
  const info = tf.backend_util.computePool2DInfo(
    x.shape as [number, number, number, number],
    attrs['filterSize'] as [number, number] | number,
    attrs['strides'] as [number, number] | number,
    1,
    attrs['pad'] as 'valid' | 'same' | number,
    attrs['dimRoundingMode'] as 'floor' | 'round' | 'ceil' | undefined,
  );
  const { batchSize, inHeight, inWidth, inChannels: ch, outHeight, outWidth, strideHeight, strideWidth } = info;
  const { filterHeight, filterWidth } = info;
  const dx = backend.makeOutput(x.shape, 'float32');
  const dxv = f32(backend, dx);
  const xv = f32(backend, x);
  const dyv = f32(backend, dy);
  dxv.fill(0);
  const best = new Float32Array(ch);
  const where = new Int32Array(ch);
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      const ih0 = oh * strideHeight - info.padInfo.top;
      for (let ow = 0; ow < outWidth; ow++) {
        const iw0 = ow * strideWidth - info.padInfo.left;
        best.fill(-Infinity);
        where.fill(-1);
        for (let kh = 0; kh < filterHeight; kh++) {
          const ih = ih0 + kh;
          if (ih < 0 || ih >= inHeight) continue;
          for (let kw = 0; kw < filterWidth; kw++) {
            const iw = iw0 + kw;
            if (iw < 0 || iw >= inWidth) continue;
            const base = ((b * inHeight + ih) * inWidth + iw) * ch;
            for (let c = 0; c < ch; c++) {
              const v = xv[base + c]!;
              if (v > best[c]!) {
                best[c] = v;
                where[c] = base + c;
              }
            }
          }
        }
        const dyBase = ((b * outHeight + oh) * outWidth + ow) * ch;
        for (let c = 0; c < ch; c++) if (where[c]! >= 0) dxv[where[c]!]! += dyv[dyBase + c]!;
      }
    }
  }
  return dx;
}

/** Replaces the stock kernel outright (its setup is kept, harmlessly, so the config stays complete). */
export function maxPoolGradConfig(stock: tf.KernelConfig): tf.KernelConfig {
  return { ...stock, kernelFunc: maxPoolGrad as unknown as tf.KernelFunc };
}
