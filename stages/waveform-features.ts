import type { PortType } from '../src/compile/port-type.js';
import type { Problem } from '../src/errors/pipeline-error.js';
import type { FeatureMatrix } from '../src/features/feature-matrix.js';
import type { Item } from '../src/stage/item.js';
import type { Stage } from '../src/stage/stage.js';
import type { StageContext } from '../src/stage/stage-context.js';

/** The sample rate a waveform port carries (waveform[8000]), when known. */
export function waveformRate(t: PortType | undefined): number | undefined {
  const d = t?.dims[0];
  return typeof d === 'number' ? d : undefined;
}

/** Feature option problems (pointers relative to the params), plus an unknown sample rate. */
export function waveformFeatureChecks(
  problems: readonly Problem[],
  inputs: readonly PortType[],
): Omit<Problem, 'file' | 'stageId'>[] {
  const out: Omit<Problem, 'file' | 'stageId'>[] = problems.map(({ file: _f, stageId: _s, ...p }) => p);
  if (waveformRate(inputs[0]) === undefined)
    out.push({
      code: 'unknown-sample-rate',
      message: 'the waveform feeding this stage has no known sample rate',
      hint: 'read it through an audio-input stage, which fixes the rate',
    });
  return out;
}

/**
 * A hand-designed stage computing a feature matrix from each waveform on its own (mfcc, log-mel):
 * no training, one output per example.
 */
export abstract class WaveformFeatureStage<P> implements Stage {
  constructor(protected readonly ctx: StageContext<P>) {}

  /** The features of one waveform. */
  protected abstract compute(samples: Float32Array, sampleRate: number): FeatureMatrix;

  async transform(inputs: readonly (readonly Item[])[]): Promise<Item[]> {
    const rate = waveformRate(this.ctx.inputTypes[0])!;
    return inputs[0]!.map((x) => {
      const m = this.compute(x.data, rate);
      return { data: m.data, shape: [m.numFrames, m.dim] };
    });
  }
}
