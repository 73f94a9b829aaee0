/**
 * Textbook MFCC pieces written from their definitions, independent of src/features, for correctness tests:
 * a direct O(N^2) DFT, triangular mel filters from the HTK mel formula, the DCT-II by its definition,
 * regression deltas and CMVN by their formulas. Slow on purpose; plain number[][] throughout.
 */

export interface ReferenceOptions {
  sampleRate: number;
  preEmphasis: number;
  frameLength: number;
  hop: number;
  fftSize: number;
  melBands: number;
  lowHz: number;
  highHz: number;
  coefficients: number;
  lifter: number;
  floor: number;
}

const mel = (f: number): number => 2595 * Math.log10(1 + f / 700);
const imel = (m: number): number => 700 * (Math.pow(10, m / 2595) - 1);

/** Frames of the pre-emphasised signal, zero-padded at the end (1 + ceil((n - L) / hop) frames). */
export function referenceFrames(x: ArrayLike<number>, o: ReferenceOptions, emphasise = true): number[][] {
  const y: number[] = [];
  for (let n = 0; n < x.length; n++) y.push(emphasise && n > 0 ? x[n]! - o.preEmphasis * x[n - 1]! : x[n]!);
  const count = y.length <= o.frameLength ? 1 : 1 + Math.ceil((y.length - o.frameLength) / o.hop);
  const frames: number[][] = [];
  for (let t = 0; t < count; t++) {
    const f: number[] = [];
    for (let i = 0; i < o.frameLength; i++) f.push(y[t * o.hop + i] ?? 0);
    frames.push(f);
  }
  return frames;
}

const trig = new Map<number, { cos: Float64Array; sin: Float64Array }>();

/** |DFT|^2 of a frame zero-padded to N, bins 0..N/2, by the definition (cos/sin of 2 pi k n / N tabulated). */
export function directPowerSpectrum(frame: number[], N: number): number[] {
  let tab = trig.get(N);
  if (!tab) {
    tab = { cos: new Float64Array(N), sin: new Float64Array(N) };
    for (let j = 0; j < N; j++)
      [tab.cos[j], tab.sin[j]] = [Math.cos((2 * Math.PI * j) / N), Math.sin((2 * Math.PI * j) / N)];
    trig.set(N, tab);
  }
  const out: number[] = [];
  for (let k = 0; k <= N / 2; k++) {
    let re = 0;
    let im = 0;
    for (let n = 0; n < frame.length; n++) {
      const j = (k * n) % N;
      re += frame[n]! * tab.cos[j]!;
      im -= frame[n]! * tab.sin[j]!;
    }
    out.push(re * re + im * im);
  }
  return out;
}

/** H_m(f) for m = 1..M: triangles between mel-equispaced corner frequencies, at bin frequencies. */
export function textbookMelFilters(o: ReferenceOptions): number[][] {
  const corners: number[] = [];
  for (let i = 0; i < o.melBands + 2; i++)
    corners.push(imel(mel(o.lowHz) + (i * (mel(o.highHz) - mel(o.lowHz))) / (o.melBands + 1)));
  const filters: number[][] = [];
  for (let m = 1; m <= o.melBands; m++) {
    const row: number[] = [];
    for (let k = 0; k <= o.fftSize / 2; k++) {
      const f = (k * o.sampleRate) / o.fftSize;
      const [a, b, c] = [corners[m - 1]!, corners[m]!, corners[m + 1]!];
      row.push(f < a || f > c ? 0 : f <= b ? (f - a) / (b - a) : (c - f) / (c - b));
    }
    filters.push(row);
  }
  return filters;
}

/** c_i = sqrt(2/M) s_i sum_m x_m cos(pi i (m + 1/2) / M), s_0 = 1/sqrt(2). */
export function dctByDefinition(x: number[], count: number, first = 0): number[] {
  const M = x.length;
  const out: number[] = [];
  for (let i = first; i < first + count; i++) {
    let s = 0;
    for (let m = 0; m < M; m++) s += x[m]! * Math.cos((Math.PI * i * (m + 0.5)) / M);
    out.push(Math.sqrt(2 / M) * (i === 0 ? 1 / Math.sqrt(2) : 1) * s);
  }
  return out;
}

/** Log mel energies per frame with a Hamming window. */
export function referenceLogMel(x: ArrayLike<number>, o: ReferenceOptions): number[][] {
  const filters = textbookMelFilters(o);
  const L = o.frameLength;
  return referenceFrames(x, o).map((frame) => {
    const windowed = frame.map((v, n) => v * (0.54 - 0.46 * Math.cos((2 * Math.PI * n) / (L - 1))));
    const power = directPowerSpectrum(windowed, o.fftSize);
    return filters.map((h) =>
      Math.log(
        Math.max(
          o.floor,
          h.reduce((s, w, k) => s + w * power[k]!, 0),
        ),
      ),
    );
  });
}

/** Static MFCCs (c0..c{K-1}, liftered) per frame. */
export function referenceMfcc(x: ArrayLike<number>, o: ReferenceOptions): number[][] {
  return referenceLogMel(x, o).map((e) =>
    dctByDefinition(e, o.coefficients).map(
      (c, i) => c * (o.lifter > 0 ? 1 + (o.lifter / 2) * Math.sin((Math.PI * i) / o.lifter) : 1),
    ),
  );
}

/** Regression deltas with edge frames replicated. */
export function referenceDeltas(c: number[][], N: number): number[][] {
  const T = c.length;
  let denom = 0;
  for (let n = 1; n <= N; n++) denom += n * n;
  denom *= 2;
  const at = (t: number) => c[Math.min(T - 1, Math.max(0, t))]!;
  return c.map((row, t) =>
    row.map((_, i) => {
      let s = 0;
      for (let n = 1; n <= N; n++) s += n * (at(t + n)[i]! - at(t - n)[i]!);
      return s / denom;
    }),
  );
}

/** Per-column zero mean, unit (population) variance. */
export function referenceCmvn(c: number[][]): number[][] {
  const T = c.length;
  const D = c[0]!.length;
  const mean = Array.from({ length: D }, (_, i) => c.reduce((s, r) => s + r[i]!, 0) / T);
  const std = Array.from({ length: D }, (_, i) => Math.sqrt(c.reduce((s, r) => s + (r[i]! - mean[i]!) ** 2, 0) / T));
  return c.map((r) => r.map((v, i) => (v - mean[i]!) / std[i]!));
}

/** Largest |a - b| / max(1, |b|) between a row-major Float32Array and rows. */
export function maxScaledError(actual: Float32Array, dim: number, expected: number[][]): number {
  let worst = 0;
  expected.forEach((row, t) =>
    row.forEach((e, i) => {
      worst = Math.max(worst, Math.abs(actual[t * dim + i]! - e) / Math.max(1, Math.abs(e)));
    }),
  );
  return worst;
}
