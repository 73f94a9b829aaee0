import { inject, injectable } from 'inversify';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { StageError } from '../src/errors/pipeline-error.js';
import { writeJsonAtomic } from '../src/io/atomic-write.js';
import type { StandardizeParams } from '../src/spec/generated/stages/standardize.params.js';
import type { Item } from '../src/stage/item.js';
import type { FitData, Stage } from '../src/stage/stage.js';
import type { StageContext } from '../src/stage/stage-context.js';
import type { StageDescriptor } from '../src/stage/stage-descriptor.js';
import { STAGE_CONTEXT } from '../src/stage/tokens.js';
import { loadSchema } from '../src/util/package-root.js';

/**
 * Hand-designed normalisation: per-feature mean and standard deviation estimated on the training
 * split (over all frames for sequences), then applied to every example.
 */
@injectable()
export class StandardizeStage implements Stage {
  static readonly descriptor: StageDescriptor<StandardizeParams> = {
    kind: 'standardize',
    description: 'Subtract the training mean and divide by the training standard deviation of each feature.',
    version: 1,
    paramsSchema: loadSchema('stages/standardize.params.schema.json'),
    inputs: () => [{ name: 'features', kinds: ['vector', 'frames', 'image', 'scores', 'posteriors'] }],
    output: (_p, inputs) => inputs[0]!,
    fit: 'unsupervised',
    endToEnd: 'fixed',
  };

  private mean: Float64Array | undefined;
  private std: Float64Array | undefined;

  constructor(@inject(STAGE_CONTEXT) private readonly ctx: StageContext<StandardizeParams>) {}

  async fit(data: FitData): Promise<void> {
    const items = data.train.inputs[0]!;
    if (items.length === 0)
      throw new StageError('no training examples to estimate statistics from', {
        location: { stageId: this.ctx.stageId },
      });
    const dim = featureSize(items[0]!);
    const sum = new Float64Array(dim);
    const sq = new Float64Array(dim);
    let n = 0;
    for (const x of items) {
      for (let i = 0; i < x.data.length; i++) {
        const v = x.data[i]!;
        sum[i % dim]! += v;
        sq[i % dim]! += v * v;
      }
      n += x.data.length / dim;
    }
    this.mean = sum.map((s) => s / n);
    this.std = sq.map(
      (s, i) => Math.sqrt(Math.max(0, s / n - this.mean![i]! ** 2)) + (this.ctx.params.epsilon ?? 1e-6),
    );
  }

  async transform(inputs: readonly (readonly Item[])[]): Promise<Item[]> {
    const { mean, std } = this.stats();
    const scale = this.ctx.params.scale ?? true;
    const dim = mean.length;
    return inputs[0]!.map((x) => {
      const out = new Float32Array(x.data.length);
      for (let i = 0; i < out.length; i++)
        out[i] = scale ? (x.data[i]! - mean[i % dim]!) / std[i % dim]! : x.data[i]! - mean[i % dim]!;
      return { data: out, shape: x.shape };
    });
  }

  async save(dir: string): Promise<void> {
    const { mean, std } = this.stats();
    writeJsonAtomic(path.join(dir, 'standardize.json'), { mean: [...mean], std: [...std] });
  }

  async load(dir: string): Promise<void> {
    const s = JSON.parse(readFileSync(path.join(dir, 'standardize.json'), 'utf8')) as { mean: number[]; std: number[] };
    this.mean = Float64Array.from(s.mean);
    this.std = Float64Array.from(s.std);
  }

  private stats(): { mean: Float64Array; std: Float64Array } {
    if (!this.mean || !this.std)
      throw new StageError('standardize is used before it was fitted', { location: { stageId: this.ctx.stageId } });
    return { mean: this.mean, std: this.std };
  }
}

/** Features per step: the last axis (vectors and images are standardised per element). */
function featureSize(x: Item): number {
  return x.shape.length >= 2 && x.shape.length !== 3 ? x.shape[x.shape.length - 1]! : x.data.length;
}
