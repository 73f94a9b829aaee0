import { inject, injectable } from 'inversify';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { StageError } from '../src/errors/pipeline-error.js';
import { writeJsonAtomic } from '../src/io/atomic-write.js';
import type { GrammarParams } from '../src/spec/generated/stages/grammar.params.js';
import { matchesRule, parseRule, type GrammarRule } from '../src/speech/grammar-rule.js';
import { decodeHypotheses } from '../src/speech/hypotheses.js';
import { NgramModel } from '../src/speech/ngram.js';
import { wordMetrics } from '../src/speech/word-metrics.js';
import type { Item, LabelValue, Metrics } from '../src/stage/item.js';
import type { FitData, Stage } from '../src/stage/stage.js';
import type { StageContext } from '../src/stage/stage-context.js';
import type { StageDescriptor } from '../src/stage/stage-descriptor.js';
import { STAGE_CONTEXT } from '../src/stage/tokens.js';
import { loadSchema } from '../src/util/package-root.js';

/**
 * The sentence model: picks, from the word model's n-best list, the best word sequence the rule
 * allows, scoring acoustics + lmWeight x n-gram log-probability (estimated on the training
 * sentences) + wordBonus per word.
 */
@injectable()
export class GrammarStage implements Stage {
  static readonly descriptor: StageDescriptor<GrammarParams> = {
    kind: 'grammar',
    description:
      'Constrains and rescores word sequences with a rule (e.g. digit{3,7}) ' +
      'and an n-gram model of the training sentences.',
    version: 1,
    paramsSchema: loadSchema('stages/grammar.params.schema.json'),
    inputs: () => [{ name: 'hypotheses', kinds: ['hypotheses'] }],
    output: () => ({ kind: 'tokens', dims: [] }),
    check: (p) => {
      const r = parseRule(p.rule ?? 'digit+');
      return typeof r === 'string' ? [{ code: 'invalid-rule', pointer: '/rule', message: r }] : [];
    },
    fit: 'supervised',
    labelKinds: ['sequence'],
    endToEnd: 'decoder',
  };

  private ngram: NgramModel | undefined;
  private readonly rule: GrammarRule;

  constructor(@inject(STAGE_CONTEXT) private readonly ctx: StageContext<GrammarParams>) {
    const r = parseRule(ctx.params.rule ?? 'digit+');
    if (typeof r === 'string') throw new StageError(r, { location: { stageId: ctx.stageId, pointer: '/params/rule' } });
    this.rule = r;
  }

  async fit(data: FitData): Promise<void> {
    const sentences = data.train.labels.filter((l): l is number[] => Array.isArray(l));
    this.ngram = new NgramModel(
      this.ctx.params.ngramOrder ?? 2,
      this.vocabulary().length,
      this.ctx.params.smoothing ?? 0.1,
    ).fit(sentences);
  }

  async transform(inputs: readonly (readonly Item[])[]): Promise<Item[]> {
    const lm = this.model();
    const vocab = this.vocabulary();
    const weight = this.ctx.params.lmWeight ?? 0.5;
    const bonus = this.ctx.params.wordBonus ?? 0;
    return inputs[0]!.map((x) => {
      let best: readonly number[] | undefined;
      let bestScore = -Infinity;
      for (const h of decodeHypotheses(x)) {
        if (!matchesRule(this.rule, h.words, vocab)) continue;
        const s = h.acoustic + weight * lm.logProb(h.words) + bonus * h.words.length;
        if (s > bestScore) {
          bestScore = s;
          best = h.words;
        }
      }
      // No hypothesis obeys the rule: keep the word model's best rather than say nothing.
      const words = best ?? decodeHypotheses(x)[0]?.words ?? [];
      return { data: Float32Array.from(words), shape: [words.length] };
    });
  }

  evaluate(outputs: readonly Item[], labels: readonly LabelValue[]): Metrics {
    return wordMetrics(
      outputs.map((o) => Array.from(o.data)),
      labels,
    );
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
