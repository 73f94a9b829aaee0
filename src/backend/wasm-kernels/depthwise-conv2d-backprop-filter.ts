/**
 * DepthwiseConv2dNativeBackpropFilter for wasm (absent from tfjs-backend-wasm 4.22). Each output channel
 * sees one input channel, so there is no matmul to hand off; a direct loop over the heap, innermost over
 * contiguous channels, accumulating in float64 like the cpu kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { convGeometry, f32, input, type WasmKernelArgs } from './wasm-util.js';

function depthwiseBackpropFilter(args: WasmKernelArgs): tf.TensorInfo {
  const { backend } = args;
  const attrs = args.attrs ?? {};
  const x = input(args, 'x');
  const dy = input(args, 'dy');
  const filterShape = attrs['filterShape'] as number[];
  const g = convGeometry(x.shape, filterShape, attrs, true);
  const { inH, inW, inC, outH, outW, outC, kH, kW } = g;
  const mult = outC / inC;
  const acc = new Float64Array(kH * kW * outC);
  const xv = f32(backend, x);
  const dyv = f32(backend, dy);
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
              const xval = xv[xBase + c]!;
              for (let m = 0; m < mult; m++) acc[wBase + c * mult + m]! += xval * dyv[dyBase + c * mult + m]!;
            }
          }
        }
      }
    }
  }
  const out = backend.makeOutput(filterShape, 'float32');
  f32(backend, out).set(acc);
  return out;
}

/** Kernel registration for wasm. */
export const depthwiseConv2dNativeBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: depthwiseBackpropFilter as unknown as tf.KernelFunc,
};
