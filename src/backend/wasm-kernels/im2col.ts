/** im2col / col2im over NHWC data, the layout glue that turns conv gradients into one matmul each. */
import type { ConvGeometry } from './wasm-util.js';

/**
 * Writes rows n0..n1 of x's patch matrix into `p` (row n = output pixel (b, oh, ow), columns
 * (kh, kw, c) in filter order), with zeros where a tap falls into padding.
 */
export function im2col(g: ConvGeometry, x: Float32Array, p: Float32Array, n0: number, n1: number): void {
  const { inH, inW, inC, outH, outW, kH, kW, strideH, strideW, dilH, dilW, padTop, padLeft } = g;
  const outHW = outH * outW;
  let dst = 0;
  for (let n = n0; n < n1; n++) {
    const b = Math.floor(n / outHW);
    const r = n - b * outHW;
    const oh = Math.floor(r / outW);
    const ow = r - oh * outW;
    const ih0 = oh * strideH - padTop;
    const iw0 = ow * strideW - padLeft;
    for (let kh = 0; kh < kH; kh++) {
      const ih = ih0 + kh * dilH;
      if (ih < 0 || ih >= inH) {
        p.fill(0, dst, dst + kW * inC);
        dst += kW * inC;
        continue;
      }
      const rowBase = (b * inH + ih) * inW;
      if (dilW === 1) {
        // Undilated taps that fall inside the row are adjacent in x: one block copy for all of them.
        const lo = Math.max(0, -iw0);
        const hi = Math.min(kW, inW - iw0);
        if (hi <= lo) {
          p.fill(0, dst, dst + kW * inC);
        } else {
          if (lo > 0) p.fill(0, dst, dst + lo * inC);
          copy(x, (rowBase + iw0 + lo) * inC, p, dst + lo * inC, (hi - lo) * inC);
          if (hi < kW) p.fill(0, dst + hi * inC, dst + kW * inC);
        }
        dst += kW * inC;
        continue;
      }
      for (let kw = 0; kw < kW; kw++) {
        const iw = iw0 + kw * dilW;
        if (iw < 0 || iw >= inW) {
          p.fill(0, dst, dst + inC);
          dst += inC;
          continue;
        }
        copy(x, (rowBase + iw) * inC, p, dst, inC);
        dst += inC;
      }
    }
  }
}

/** dst[d..d+n) = src[s..s+n): a native block copy for long runs, a loop for short ones (subarray costs). */
function copy(src: Float32Array, s: number, dst: Float32Array, d: number, n: number): void {
  if (n >= 16) {
    dst.set(src.subarray(s, s + n), d);
  } else {
    for (let i = 0; i < n; i++) dst[d + i] = src[s + i]!;
  }
}

/** Adds rows n0..n1 of a patch-gradient matrix `dp` back onto the input gradient `dx` (the adjoint of im2col). */
export function col2im(g: ConvGeometry, dp: Float32Array, dx: Float32Array, n0: number, n1: number): void {
  const { inH, inW, inC, outH, outW, kH, kW, strideH, strideW, dilH, dilW, padTop, padLeft } = g;
  const outHW = outH * outW;
  let src = 0;
  for (let n = n0; n < n1; n++) {
    const b = Math.floor(n / outHW);
    const r = n - b * outHW;
    const oh = Math.floor(r / outW);
    const ow = r - oh * outW;
    const ih0 = oh * strideH - padTop;
    const iw0 = ow * strideW - padLeft;
    for (let kh = 0; kh < kH; kh++) {
      const ih = ih0 + kh * dilH;
      if (ih < 0 || ih >= inH) {
        src += kW * inC;
        continue;
      }
      const rowBase = (b * inH + ih) * inW;
      for (let kw = 0; kw < kW; kw++) {
        const iw = iw0 + kw * dilW;
        if (iw < 0 || iw >= inW) {
          src += inC;
          continue;
        }
        let dst = (rowBase + iw) * inC;
        for (let c = 0; c < inC; c++) dx[dst++] += dp[src++];
      }
    }
  }
}
