/**
 * Signal to log mel energies, frame by frame: the part MFCC and log-mel share. Everything that does not
 * depend on the audio (window table, filterbank, FFT, buffers) is built once per configuration and cached,
 * so the per-frame loop allocates nothing.
 */
import { SpectrumAnalyzer, nextPowerOfTwo } from './fft-power.js';
import { countFrames, frameLayout, type FrameLayout } from './framing.js';
import { applyFilterbank, melFilterbank, type MelFilterbank } from './mel.js';
import { preEmphasize } from './pre-emphasis.js';
import type { SpectralOptions } from './spectral-options.js';
import { makeWindow } from './window.js';

/** Called once per frame with its log mel energies (a reused buffer: copy what you keep) and log raw energy. */
export type FrameSink = (t: number, logMel: Float64Array, logEnergy: number) => void;

const KEPT_SIGNAL = 1 << 20;

type FrontendKey = Omit<SpectralOptions, 'deltas' | 'deltaDeltas' | 'deltaWindow' | 'normalize'>;

/** A configured front end; get one with MelFrontend.for(). */
export class MelFrontend {
  readonly layout: FrameLayout;
  readonly fftSize: number;
  readonly filterbank: MelFilterbank;
  private readonly options: FrontendKey;
  private readonly window: Float64Array;
  private readonly analyzer: SpectrumAnalyzer;
  private readonly spectrum: Float64Array;
  private readonly spectrumB: Float64Array;
  private readonly bands: Float64Array;
  private signal = new Float64Array(0);

  private static readonly cache = new Map<string, MelFrontend>();

  /** The cached front end for `sampleRate` and the spectral part of `o` (options must already be checked). */
  static for(sampleRate: number, o: SpectralOptions): MelFrontend {
    const k: FrontendKey & { sampleRate: number } = {
      sampleRate,
      preEmphasis: o.preEmphasis,
      windowMs: o.windowMs,
      hopMs: o.hopMs,
      window: o.window,
      fftSize: o.fftSize,
      padding: o.padding,
      spectrum: o.spectrum,
      melBands: o.melBands,
      melScale: o.melScale,
      melNorm: o.melNorm,
      lowHz: o.lowHz,
      highHz: o.highHz,
      logFloor: o.logFloor,
    };
    const key = JSON.stringify(k);
    let fe = MelFrontend.cache.get(key);
    if (!fe) {
      fe = new MelFrontend(sampleRate, k);
      if (MelFrontend.cache.size >= 32) MelFrontend.cache.delete(MelFrontend.cache.keys().next().value!);
      MelFrontend.cache.set(key, fe);
    }
    return fe;
  }

  private constructor(
    readonly sampleRate: number,
    o: FrontendKey,
  ) {
    this.options = o;
    this.layout = frameLayout(sampleRate, o.windowMs, o.hopMs);
    this.fftSize = o.fftSize ?? Math.max(4, nextPowerOfTwo(this.layout.frameLength));
    this.window = makeWindow(o.window, this.layout.frameLength);
    this.analyzer = new SpectrumAnalyzer(this.fftSize);
    this.spectrum = new Float64Array(this.analyzer.bins);
    this.spectrumB = new Float64Array(this.analyzer.bins);
    this.filterbank = melFilterbank({
      sampleRate,
      fftSize: this.fftSize,
      numBands: o.melBands,
      lowHz: o.lowHz,
      highHz: o.highHz ?? sampleRate / 2,
      scale: o.melScale,
      norm: o.melNorm,
    });
    this.bands = new Float64Array(o.melBands);
  }

  /** Frames `numSamples` samples give. */
  numFrames(numSamples: number): number {
    return countFrames(numSamples, this.layout, this.options.padding);
  }

  /** Runs the front end over `samples`, calling `sink` per frame in order; returns the frame count. */
  run(samples: Float32Array, sink: FrameSink, withEnergy = false): number {
    const n = samples.length;
    // Keep the pre-emphasis buffer across calls for utterance-sized input only, so one long file does not pin memory.
    if (this.signal.length < n && n <= KEPT_SIGNAL) this.signal = new Float64Array(n);
    const x = preEmphasize(samples, this.options.preEmphasis, n <= KEPT_SIGNAL ? this.signal : new Float64Array(n));
    const numFrames = this.numFrames(n);
    const { spectrum: specA, spectrumB: specB, analyzer } = this;
    // Frames go through the FFT in pairs (see SpectrumAnalyzer.powerPair); an odd last frame pairs with zeros.
    for (let t = 0; t < numFrames; t += 2) {
      const hasB = t + 1 < numFrames;
      this.loadPair(x, n, t, hasB);
      analyzer.powerPair(specA, specB);
      this.finishFrame(t, specA, samples, sink, withEnergy);
      if (hasB) this.finishFrame(t + 1, specB, samples, sink, withEnergy);
    }
    return numFrames;
  }

  /** Windowed frames t (real part) and t + 1 (imaginary part, or zeros) into the analyzer's pair input. */
  private loadPair(x: Float64Array, n: number, t: number, hasB: boolean): void {
    const { frameLength: len, hop } = this.layout;
    const win = this.window;
    const z = this.analyzer.pairInput;
    const a = t * hop;
    const availA = Math.max(0, Math.min(len, n - a));
    const availB = hasB ? Math.max(0, Math.min(len, n - a - hop)) : 0;
    for (let i = 0; i < availA; i++) z[2 * i] = x[a + i]! * win[i]!;
    for (let i = availA; i < len; i++) z[2 * i] = 0;
    for (let i = 0, b = a + hop; i < availB; i++) z[2 * i + 1] = x[b + i]! * win[i]!;
    for (let i = availB; i < len; i++) z[2 * i + 1] = 0;
  }

  /** Spectrum of frame t to log mel energies (and log raw energy), handed to the sink. */
  private finishFrame(
    t: number,
    spectrum: Float64Array,
    samples: Float32Array,
    sink: FrameSink,
    withEnergy: boolean,
  ): void {
    const { bands, filterbank } = this;
    const floor = this.options.logFloor;
    if (this.options.spectrum === 'magnitude')
      for (let k = 0; k < spectrum.length; k++) spectrum[k] = Math.sqrt(spectrum[k]!);
    applyFilterbank(filterbank, spectrum, bands);
    for (let m = 0; m < bands.length; m++) bands[m] = Math.log(bands[m]! > floor ? bands[m]! : floor);
    let logEnergy = 0;
    if (withEnergy) {
      const start = t * this.layout.hop;
      const end = Math.min(samples.length, start + this.layout.frameLength);
      let e = 0;
      for (let i = start; i < end; i++) e += samples[i]! * samples[i]!;
      logEnergy = Math.log(e > floor ? e : floor);
    }
    sink(t, bands, logEnergy);
  }
}
