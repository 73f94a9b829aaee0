/**
 * Power and magnitude spectra of real frames with fft.js's real transform. This is the hot path of every
 * spectral feature: FFT objects are shared per size, and each analyzer owns its input and output buffers,
 * so computing a frame allocates nothing.
 */
import FFT from 'fft.js';

/** Smallest power of two >= n (n >= 1). */
export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

const ffts = new Map<number, FFT>();

function fftOf(size: number): FFT {
  let f = ffts.get(size);
  if (!f) {
    f = new FFT(size);
    ffts.set(size, f);
  }
  return f;
}

/**
 * Fill `input` (first part: the frame; the rest stays zero), then call power() or magnitude(). For two
 * frames at once, fill `pairInput` and call powerPair(): one complex FFT of frame A + i * frame B costs
 * about 0.7 of two real FFTs, and the spectra separate exactly by conjugate symmetry.
 */
export class SpectrumAnalyzer {
  readonly fftSize: number;
  /** fftSize / 2 + 1 non-negative frequency bins, 0 to Nyquist. */
  readonly bins: number;
  /** The frame to transform, zero-padded to fftSize; callers must keep the padding zero. */
  readonly input: Float64Array;
  /** Two frames interleaved as complex samples: A in even slots, B in odd; padding must stay zero. */
  readonly pairInput: Float64Array;
  private readonly fft: FFT;
  private readonly out: Float64Array;

  constructor(fftSize: number) {
    if (fftSize < 4 || nextPowerOfTwo(fftSize) !== fftSize)
      throw new RangeError(`fftSize must be a power of two >= 4, got ${fftSize}`);
    this.fftSize = fftSize;
    this.bins = fftSize / 2 + 1;
    this.input = new Float64Array(fftSize);
    this.pairInput = new Float64Array(2 * fftSize);
    this.out = new Float64Array(2 * fftSize);
    this.fft = fftOf(fftSize);
  }

  /** |X[k]|^2 for k = 0..fftSize/2 of `input`, unnormalised, into `out`. */
  power(out: Float64Array): void {
    this.fft.realTransform(this.out, this.input);
    const s = this.out;
    for (let k = 0, j = 0; k < this.bins; k++, j += 2) out[k] = s[j]! * s[j]! + s[j + 1]! * s[j + 1]!;
  }

  /** Power spectra of frames A and B held in `pairInput`, into `outA` and `outB`. */
  powerPair(outA: Float64Array, outB: Float64Array): void {
    this.fft.transform(this.out, this.pairInput);
    const s = this.out;
    const n = this.fftSize;
    for (let k = 0; k < this.bins; k++) {
      const m = (n - k) & (n - 1);
      const zr = s[2 * k]!;
      const zi = s[2 * k + 1]!;
      const wr = s[2 * m]!;
      const wi = s[2 * m + 1]!;
      // A[k] = (Z[k] + conj Z[n-k]) / 2, B[k] = (Z[k] - conj Z[n-k]) / 2i.
      const ar = zr + wr;
      const ai = zi - wi;
      const br = zi + wi;
      const bi = wr - zr;
      outA[k] = 0.25 * (ar * ar + ai * ai);
      outB[k] = 0.25 * (br * br + bi * bi);
    }
  }

  /** |X[k]| for k = 0..fftSize/2 of `input` into `out`. */
  magnitude(out: Float64Array): void {
    this.power(out);
    for (let k = 0; k < this.bins; k++) out[k] = Math.sqrt(out[k]!);
  }
}

/** Power spectrum of one frame (zero-padded to `fftSize`, default the next power of two); a convenience. */
export function powerSpectrum(frame: ArrayLike<number>, fftSize = nextPowerOfTwo(frame.length)): Float64Array {
  if (frame.length > fftSize)
    throw new RangeError(`powerSpectrum: a ${frame.length}-sample frame does not fit fftSize ${fftSize}`);
  const a = new SpectrumAnalyzer(fftSize);
  for (let i = 0; i < frame.length; i++) a.input[i] = frame[i]!;
  const out = new Float64Array(a.bins);
  a.power(out);
  return out;
}
