import { inject, injectable } from 'inversify';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  STAGE_CONTEXT,
  StageError,
  writeJsonAtomic,
  type FitData,
  type InferenceOp,
  type Item,
  type Stage,
  type StageContext,
} from '../../src/api/plugin.js';
import type { StandardizeParams } from '../generated/standardize.params.js';

/** Standardises each feature with the training split's mean and standard deviation. */
@injectable()
export class StandardizeStage implements Stage {
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
    this.std = sq.map((s, i) => Math.sqrt(Math.max(0, s / n - this.mean![i]! ** 2)) + this.ctx.params.epsilon);
  }

  async transform(inputs: readonly (readonly Item[])[]): Promise<Item[]> {
    const { mean, std } = this.stats();
    const scale = this.ctx.params.scale;
    const dim = mean.length;
    return inputs[0]!.map((x) => {
      const out = new Float32Array(x.data.length);
      for (let i = 0; i < out.length; i++)
        out[i] = scale ? (x.data[i]! - mean[i % dim]!) / std[i % dim]! : x.data[i]! - mean[i % dim]!;
      return { data: out, shape: x.shape };
    });
  }

  inference(): InferenceOp {
    const { mean, std } = this.stats();
    return { op: 'standardize', mean: [...mean], std: [...std], scale: this.ctx.params.scale };
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
