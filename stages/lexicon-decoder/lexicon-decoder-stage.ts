import * as tf from '@tensorflow/tfjs';
import { inject, injectable, optional } from 'inversify';
import path from 'node:path';
import { NetworkStage, seededDropout, type CtcHeadOptions, type LayerFactory } from '../../src/api/network.js';
import {
  STAGE_CONTEXT,
  StageError,
  writeJsonAtomic,
  type FitData,
  type InferenceOp,
  type Item,
  type LabelValue,
  type Metrics,
  type StageContext,
} from '../../src/api/plugin.js';
import {
  LEXICON,
  type Lexicon,
  WordLoopDecoder,
  bestWords,
  encodeHypotheses,
  phoneId,
  wordMetrics,
} from '../../src/api/speech.js';
import type { LexiconDecoderParams } from '../generated/lexicon-decoder.params.js';

/** Decodes phoneme posteriors into words through the lexicon, or learns word scores (trained mode). */
@injectable()
export class LexiconDecoderStage extends NetworkStage<LexiconDecoderParams> {
  constructor(
    @inject(STAGE_CONTEXT) ctx: StageContext<LexiconDecoderParams>,
    @inject(LEXICON) @optional() private readonly lexicon: Lexicon | undefined,
  ) {
    super(ctx);
  }

  private get lexiconMode(): boolean {
    return this.ctx.params.mode === 'lexicon';
  }

  protected override headOptions(): CtcHeadOptions {
    return {
      decodeAs: 'hypotheses',
      errorMetric: 'wer',
      beamWidth: this.ctx.params.beamWidth,
      nBest: this.ctx.params.nBest,
    };
  }

  protected body(input: tf.SymbolicTensor, layers: LayerFactory): tf.SymbolicTensor {
    const p = this.ctx.params;
    let x = input;
    for (let i = 0; i < p.layers; i++) {
      x = tf.layers
        .conv1d({
          filters: p.units,
          kernelSize: p.kernelSize,
          padding: 'same',
          activation: 'relu',
          kernelInitializer: layers.initializer('heNormal'),
          name: layers.name('conv'),
        })
        .apply(x) as tf.SymbolicTensor;
      if (p.dropout > 0)
        x = seededDropout(p.dropout, layers.seed(), layers.name('dropout')).apply(x) as tf.SymbolicTensor;
    }
    return x;
  }

  override async fit(data: FitData): Promise<void> {
    if (!this.lexiconMode) await super.fit(data);
  }

  override async transform(inputs: readonly (readonly Item[])[]): Promise<Item[]> {
    if (!this.lexiconMode) return super.transform(inputs);
    const decoder = this.decoder();
    return inputs[0]!.map((x) => encodeHypotheses(decoder.decode(x.data, x.shape[0]!, x.shape[1]!)));
  }

  override evaluate(outputs: readonly Item[], labels: readonly LabelValue[]): Metrics {
    return wordMetrics(outputs.map(bestWords), labels);
  }

  override inference(): InferenceOp {
    if (!this.lexiconMode) return super.inference();
    const d = this.decoderSetup();
    return { op: 'lexicon-decoder', words: d.words, pronunciations: d.prons, ...d.options, maxWords: d.maxWords };
  }

  override async save(dir: string): Promise<void> {
    if (this.lexiconMode) {
      writeJsonAtomic(path.join(dir, 'lexicon-decoder.json'), {
        mode: 'lexicon',
        words: this.ctx.supervision?.names ?? [],
      });
    } else await super.save(dir);
  }

  override async load(dir: string): Promise<void> {
    if (!this.lexiconMode) await super.load(dir);
  }

  private decoder(): WordLoopDecoder {
    const d = this.decoderSetup();
    return new WordLoopDecoder(d.prons, { ...d.options, ...(d.maxWords !== null ? { maxWords: d.maxWords } : {}) });
  }

  /** The words, their pronunciations as phone ids and the search settings: all the decoder needs. */
  private decoderSetup() {
    const { supervision } = this.ctx;
    const lexicon = this.lexicon;
    if (!lexicon || !supervision) {
      throw new StageError('lexicon decoding needs the lexicon and the word label', {
        location: { stageId: this.ctx.stageId },
      });
    }
    const p = this.ctx.params;
    const prons = supervision.names.map((w) => lexicon.pronunciations(w).map((ph) => ph.map(phoneId)));
    const options = { beamWidth: p.beamWidth, nBest: p.nBest, minWords: p.minWords, wordBonus: p.wordBonus };
    return { words: supervision.names, prons, options, maxWords: p.maxWords };
  }
}
