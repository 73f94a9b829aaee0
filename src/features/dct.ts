/** The orthonormal DCT-II, as a cached matrix (feature vectors are short, so a matrix product beats an FFT). */

const cache = new Map<string, Float64Array>();

/**
 * Rows k = first..first+count-1 of the orthonormal DCT-II of length n:
 * C[k][j] = sqrt(2/n) * s_k * cos(pi * k * (2j + 1) / (2n)), s_0 = 1/sqrt(2), else 1. Shared; do not modify.
 */
export function dctMatrix(n: number, count: number, first = 0): Float64Array {
  const key = `${n}/${count}/${first}`;
  let c = cache.get(key);
  if (c) return c;
  if (first + count > n)
    throw new RangeError(`dctMatrix: coefficients ${first}..${first + count - 1} do not exist for a length-${n} DCT`);
  c = new Float64Array(count * n);
  for (let r = 0; r < count; r++) {
    const k = first + r;
    const s = Math.sqrt(2 / n) * (k === 0 ? Math.SQRT1_2 : 1);
    for (let j = 0; j < n; j++) c[r * n + j] = s * Math.cos((Math.PI * k * (2 * j + 1)) / (2 * n));
  }
  cache.set(key, c);
  return c;
}

/** The first `count` orthonormal DCT-II coefficients of `x`. */
export function dct(x: ArrayLike<number>, count = x.length): Float64Array {
  const n = x.length;
  const c = dctMatrix(n, count);
  const out = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    let acc = 0;
    for (let j = 0; j < n; j++) acc += c[k * n + j]! * x[j]!;
    out[k] = acc;
  }
  return out;
}
