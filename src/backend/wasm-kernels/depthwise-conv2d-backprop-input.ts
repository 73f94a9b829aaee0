/**
 * DepthwiseConv2dNativeBackpropInput for wasm (absent from tfjs-backend-wasm 4.22): the adjoint of the
 * depthwise conv as a direct loop over the heap (no matmul structure to exploit), float64 accumulation.
 */
import * as tf from '@tensorflow/tfjs';
import { convGeometry, f32, input, type WasmKernelArgs } from './wasm-util.js';

function depthwiseBackpropInput(args: WasmKernelArgs): tf.TensorInfo {
  const { backend } = args;
  const attrs = args.attrs ?? {};
  const dy = input(args, 'dy');
  const filter = input(args, 'filter');
  const inputShape = attrs['inputShape'] as number[];
  const g = convGeometry(inputShape, filter.shape, attrs, true);
  const { inH, inW, inC, outH, outW, outC, kH, kW } = g;
  const mult = outC / inC;
  const acc = new Float64Array(g.batch * inH * inW * inC);
  const dyv = f32(backend, dy);
  const wv = f32(backend, filter);
  for (let b = 0; b < g.batch; b++) {
    for (let oh = 0; oh < outH; oh++) {
      for (let ow = 0; ow < outW; ow++) {
        const dyBase = ((b * outH + oh) * outW + ow) * outC;
        for (let kh = 0; kh < kH; kh++) {
          const ih = oh * g.strideH - g.padTop + kh * g.dilH;
          if (ih < 0 || ih >= inH) continue;
          for (let kw = 0; kw < kW; kw++) {
            const iw = ow * g.strideW - g.padLeft + kw * g.dilW;
            if (iw < 0 || iw >= inW) continue;
            const xBase = ((b * inH + ih) * inW + iw) * inC;
            const wBase = (kh * kW + kw) * outC;
            for (let c = 0; c < inC; c++) {
              let s = 0;
              for (let m = 0; m < mult; m++) s += dyv[dyBase + c * mult + m]! * wv[wBase + c * mult + m]!;
              acc[xBase + c]! += s;
            }
          }
        }
      }
    }
  }
  const out = backend.makeOutput(inputShape, 'float32');
  f32(backend, out).set(acc);
  return out;
}

/** Kernel registration for wasm. */
export const depthwiseConv2dNativeBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: depthwiseBackpropInput as unknown as tf.KernelFunc,
};
