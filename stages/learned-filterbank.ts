import * as tf from '@tensorflow/tfjs';
import { inject, injectable } from 'inversify';
import type { LearnedFilterbankParams } from '../src/spec/generated/stages/learned-filterbank.params.js';
import { NetworkStage } from '../src/stage/network-stage.js';
import type { LayerFactory } from '../src/stage/stage.js';
import type { StageContext } from '../src/stage/stage-context.js';
import type { StageDescriptor } from '../src/stage/stage-descriptor.js';
import { STAGE_CONTEXT } from '../src/stage/tokens.js';
import { LogPower } from '../src/train/layers/log-power.js';
import { PeakNormalize } from '../src/train/layers/peak-normalize.js';
import { loadSchema } from '../src/util/package-root.js';
import { waveformRate } from './waveform-features.js';

/**
 * A learned front end on the waveform: peak normalisation, two strided convolution filters per band
 * (a window wide, a hop apart: two phases, like cosine and sine), their energy in log scale, then
 * batch normalisation. What mfcc and log-mel become in end-to-end mode with learned features.
 */
@injectable()
export class LearnedFilterbankStage extends NetworkStage<LearnedFilterbankParams> {
  static readonly descriptor: StageDescriptor<LearnedFilterbankParams> = {
    kind: 'learned-filterbank',
    description: 'Strided 1-D convolution filterbank on the waveform with log power compression, learned end to end.',
    version: 2,
    paramsSchema: loadSchema('stages/learned-filterbank.params.schema.json'),
    inputs: () => [{ name: 'audio', kinds: ['waveform'] }],
    output: (p) => ({ kind: 'frames', dims: [p.filters ?? 40] }),
    check: (_p, inputs) =>
      waveformRate(inputs[0]) === undefined
        ? [
            {
              code: 'unknown-sample-rate',
              message: 'the waveform has no known sample rate',
              hint: 'read it through an audio-input stage',
            },
          ]
        : [],
    fit: 'supervised',
    labelKinds: ['class', 'sequence'],
    endToEnd: 'layers',
  };

  constructor(@inject(STAGE_CONTEXT) ctx: StageContext<LearnedFilterbankParams>) {
    super(ctx);
  }

  private samples(ms: number): number {
    return Math.max(1, Math.round((ms * waveformRate(this.ctx.inputTypes[0])!) / 1000));
  }

  private hop(): number {
    return this.samples(this.ctx.params.hopMs ?? 10);
  }

  override outputLength(n: number): number {
    return Math.ceil(n / this.hop());
  }

  override lengthMultiple(): number {
    return this.hop();
  }

  override buildLayers(input: tf.SymbolicTensor, _role: 'member' | 'last', layers: LayerFactory): tf.SymbolicTensor {
    // The bands are the representation: no bottleneck on top.
    return this.body(input, layers);
  }

  protected body(input: tf.SymbolicTensor, layers: LayerFactory): tf.SymbolicTensor {
    let x = new PeakNormalize({ name: layers.name('peak') }).apply(input) as tf.SymbolicTensor;
    x = tf.layers
      .conv1d({
        filters: 2 * (this.ctx.params.filters ?? 40),
        kernelSize: this.samples(this.ctx.params.windowMs ?? 25),
        strides: this.hop(),
        padding: 'same',
        useBias: false,
        kernelInitializer: layers.initializer(),
        name: layers.name('filters'),
      })
      .apply(x) as tf.SymbolicTensor;
    x = new LogPower({ name: layers.name('log_power') }).apply(x) as tf.SymbolicTensor;
    return tf.layers.batchNormalization({ momentum: 0.9, name: layers.name('norm') }).apply(x) as tf.SymbolicTensor;
  }
}
