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
  type LabelValue,
  type Metrics,
  type Stage,
  type StageContext,
} from '../../src/api/plugin.js';
import {
  decodeHypotheses,
  grammarBest,
  NgramModel,
  parseRule,
  wordMetrics,
  type GrammarRule,
} from '../../src/api/speech.js';
import type { GrammarParams } from '../generated/grammar.params.js';

/** Picks the best word sequence the rule allows from the n-best list, rescored with the n-gram model. */
@injectable()
export class GrammarStage implements Stage {
  private ngram: NgramModel | undefined;
  private readonly rule: GrammarRule;

  constructor(@inject(STAGE_CONTEXT) private readonly ctx: StageContext<GrammarParams>) {
    const r = parseRule(ctx.params.rule);
    if (typeof r === 'string') throw new StageError(r, { location: { stageId: ctx.stageId, pointer: '/params/rule' } });
    this.rule = r;
  }

  async fit(data: FitData): Promise<void> {
    const sentences = data.train.labels.filter((l): l is number[] => Array.isArray(l));
    this.ngram = new NgramModel(this.ctx.params.ngramOrder, this.vocabulary().length, this.ctx.params.smoothing).fit(
      sentences,
    );
  }

  async transform(inputs: readonly (readonly Item[])[]): Promise<Item[]> {
    const scoring = {
      rule: this.rule,
      vocabulary: this.vocabulary(),
      lm: this.model(),
      lmWeight: this.ctx.params.lmWeight,
      wordBonus: this.ctx.params.wordBonus,
    };
    return inputs[0]!.map((x) => {
      const words = grammarBest(decodeHypotheses(x), scoring);
      return { data: Float32Array.from(words), shape: [words.length] };
    });
  }

  evaluate(outputs: readonly Item[], labels: readonly LabelValue[]): Metrics {
    return wordMetrics(
      outputs.map((o) => Array.from(o.data)),
      labels,
    );
  }

  inference(): InferenceOp {
    const p = this.ctx.params;
    return {
      op: 'grammar',
      rule: this.rule.source,
      vocabulary: this.vocabulary(),
      ngram: this.model().toJSON(),
      lmWeight: p.lmWeight,
      wordBonus: p.wordBonus,
    };
  }

  async save(dir: string): Promise<void> {
    writeJsonAtomic(path.join(dir, 'grammar.json'), { rule: this.rule.source, ngram: this.model().toJSON() });
  }

  async load(dir: string): Promise<void> {
    this.ngram = NgramModel.fromJSON(
      (JSON.parse(readFileSync(path.join(dir, 'grammar.json'), 'utf8')) as { ngram: ReturnType<NgramModel['toJSON']> })
        .ngram,
    );
  }

  private model(): NgramModel {
    if (!this.ngram)
      throw new StageError('the grammar is used before it was fitted', { location: { stageId: this.ctx.stageId } });
    return this.ngram;
  }

  private vocabulary(): readonly string[] {
    const names = this.ctx.supervision?.names;
    if (!names)
      throw new StageError('the grammar needs the word label', {
        location: { stageId: this.ctx.stageId },
        hint: 'add "supervision": "words"',
      });
    return names;
  }
}
