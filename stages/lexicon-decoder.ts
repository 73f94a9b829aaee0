import * as tf from '@tensorflow/tfjs';
import { inject, injectable } from 'inversify';
import path from 'node:path';
import { StageError } from '../src/errors/pipeline-error.js';
import { writeJsonAtomic } from '../src/io/atomic-write.js';
import type { LexiconDecoderParams } from '../src/spec/generated/stages/lexicon-decoder.params.js';
import { bestWords, encodeHypotheses } from '../src/speech/hypotheses.js';
import { WordLoopDecoder } from '../src/speech/word-loop-decoder.js';
import { phoneId } from '../src/speech/phone-set.js';
import { wordMetrics } from '../src/speech/word-metrics.js';
import type { Item, LabelValue, Metrics } from '../src/stage/item.js';
import { NetworkStage } from '../src/stage/network-stage.js';
import type { FitData, LayerFactory } from '../src/stage/stage.js';
import type { StageContext } from '../src/stage/stage-context.js';
import type { StageDescriptor } from '../src/stage/stage-descriptor.js';
import { STAGE_CONTEXT } from '../src/stage/tokens.js';
import { seededDropout } from '../src/train/layers/seeded-dropout.js';
import { loadSchema } from '../src/util/package-root.js';

/**
 * The word model. In lexicon mode it needs no word-level training: phoneme posteriors are decoded
 * into words through the lexicon. In trained mode (and always as part of the end-to-end network) a
 * small convolutional network learns word scores with word-level CTC.
 */
@injectable()
export class LexiconDecoderStage extends NetworkStage<LexiconDecoderParams> {
  static readonly descriptor: StageDescriptor<LexiconDecoderParams> = {
    kind: 'lexicon-decoder',
    description:
      'Phoneme posteriors -> n-best word sequences, through the lexicon (no training) or a trained word model.',
    version: 1,
    paramsSchema: loadSchema('stages/lexicon-decoder.params.schema.json'),
    inputs: () => [{ name: 'posteriors', kinds: ['posteriors', 'frames'] }],
    output: (_p, _i, ctx) => ({ kind: 'hypotheses', dims: [ctx.supervision?.size ?? ctx.vocabularySize ?? 'words'] }),
    check: (p, inputs, ctx) => {
      if ((p.mode ?? 'lexicon') !== 'lexicon') return [];
      const problems = [];
      if (ctx.phoneAlphabetSize === undefined)
        problems.push({
          code: 'needs-lexicon',
          message: 'lexicon mode needs the pipeline lexicon',
          hint: 'add "lexicon": {} to the spec, or use "mode": "trained"',
        });
      const dim = inputs[0]?.dims[inputs[0].dims.length - 1];
      if (
        inputs[0]?.kind !== 'posteriors' ||
        (typeof dim === 'number' && ctx.phoneAlphabetSize !== undefined && dim !== ctx.phoneAlphabetSize)
      ) {
        problems.push({
          code: 'port-mismatch',
          message:
            `lexicon mode decodes phoneme posteriors (posteriors[${ctx.phoneAlphabetSize ?? 'phones+blank'}]) ` +
            `but gets ${inputs[0]?.kind}[${inputs[0]?.dims.join(',')}]`,
          hint: 'feed it a phoneme-model, or use "mode": "trained"',
        });
      }
      if (!ctx.supervision)
        problems.push({
          code: 'missing-supervision',
          message: 'the word model needs the word label (its vocabulary is what it decodes into)',
          hint: 'add "supervision": "words"',
        });
      return problems;
    },
    fit: (p) => ((p.mode ?? 'lexicon') === 'trained' ? 'supervised' : 'none'),
    labelKinds: ['sequence'],
    evaluatesAgainst: ['sequence'],
    endToEnd: 'layers',
  };

  constructor(@inject(STAGE_CONTEXT) ctx: StageContext<LexiconDecoderParams>) {
    super(ctx);
  }

  private get lexiconMode(): boolean {
    return (this.ctx.params.mode ?? 'lexicon') === 'lexicon';
  }

  protected override headOptions(): Record<string, unknown> {
    return {
      decodeAs: 'hypotheses',
      errorMetric: 'wer',
      beamWidth: this.ctx.params.beamWidth ?? 16,
      nBest: this.ctx.params.nBest ?? 16,
    };
  }

  protected body(input: tf.SymbolicTensor, layers: LayerFactory): tf.SymbolicTensor {
    const p = this.ctx.params;
    let x = input;
    for (let i = 0; i < (p.layers ?? 2); i++) {
      x = tf.layers
        .conv1d({
          filters: p.units ?? 128,
          kernelSize: p.kernelSize ?? 5,
          padding: 'same',
          activation: 'relu',
          kernelInitializer: layers.initializer('heNormal'),
          name: layers.name('conv'),
        })
        .apply(x) as tf.SymbolicTensor;
      if ((p.dropout ?? 0.1) > 0)
        x = seededDropout(p.dropout ?? 0.1, layers.seed(), layers.name('dropout')).apply(x) as tf.SymbolicTensor;
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

  override async save(dir: string): Promise<void> {
    if (this.lexiconMode)
      writeJsonAtomic(path.join(dir, 'lexicon-decoder.json'), {
        mode: 'lexicon',
        words: this.ctx.supervision?.names ?? [],
      });
    else await super.save(dir);
  }

  override async load(dir: string): Promise<void> {
    if (!this.lexiconMode) await super.load(dir);
  }

  private decoder(): WordLoopDecoder {
    const { lexicon, supervision } = this.ctx;
    if (!lexicon || !supervision)
      throw new StageError('lexicon decoding needs the lexicon and the word label', {
        location: { stageId: this.ctx.stageId },
      });
    const p = this.ctx.params;
    const prons = supervision.names.map((w) => lexicon.pronunciations(w).map((ph) => ph.map(phoneId)));
    return new WordLoopDecoder(prons, {
      beamWidth: p.beamWidth ?? 16,
      nBest: p.nBest ?? 16,
      minWords: p.minWords ?? 1,
      ...(p.maxWords !== null && p.maxWords !== undefined ? { maxWords: p.maxWords } : {}),
      wordBonus: p.wordBonus ?? 0,
    });
  }
}
