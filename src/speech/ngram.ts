/**
 * An n-gram word model estimated on training sentences, with add-k smoothing and sentence
 * boundaries, giving log P(sentence). Order 1 is a unigram model; order 0 scores every sentence 0.
 */
export class NgramModel {
  private readonly counts = new Map<string, Map<number, number>>();
  private readonly totals = new Map<string, number>();

  constructor(
    readonly order: number,
    readonly vocabularySize: number,
    readonly k = 0.1,
  ) {}

  /** Counts the n-grams of training sentences (word ids). */
  fit(sentences: readonly (readonly number[])[]): this {
    if (this.order === 0) return this;
    for (const s of sentences) {
      const padded = [...new Array<number>(this.order - 1).fill(this.bos), ...s, this.eos];
      for (let i = this.order - 1; i < padded.length; i++) {
        const ctx = padded.slice(i - this.order + 1, i).join(',');
        let m = this.counts.get(ctx);
        if (!m) this.counts.set(ctx, (m = new Map()));
        m.set(padded[i]!, (m.get(padded[i]!) ?? 0) + 1);
        this.totals.set(ctx, (this.totals.get(ctx) ?? 0) + 1);
      }
    }
    return this;
  }

  /** log P(sentence), including the end of sentence. */
  logProb(words: readonly number[]): number {
    if (this.order === 0) return 0;
    const padded = [...new Array<number>(this.order - 1).fill(this.bos), ...words, this.eos];
    let lp = 0;
    const outcomes = this.vocabularySize + 1; // words and end of sentence
    for (let i = this.order - 1; i < padded.length; i++) {
      const ctx = padded.slice(i - this.order + 1, i).join(',');
      const c = this.counts.get(ctx)?.get(padded[i]!) ?? 0;
      const total = this.totals.get(ctx) ?? 0;
      lp += Math.log((c + this.k) / (total + this.k * outcomes));
    }
    return lp;
  }

  toJSON(): { order: number; vocabularySize: number; k: number; counts: [string, [number, number][]][] } {
    return {
      order: this.order,
      vocabularySize: this.vocabularySize,
      k: this.k,
      counts: [...this.counts].map(([c, m]) => [c, [...m]]),
    };
  }

  static fromJSON(j: ReturnType<NgramModel['toJSON']>): NgramModel {
    const m = new NgramModel(j.order, j.vocabularySize, j.k);
    for (const [ctx, entries] of j.counts) {
      m.counts.set(ctx, new Map(entries));
      m.totals.set(
        ctx,
        entries.reduce((n, [, c]) => n + c, 0),
      );
    }
    return m;
  }

  private get bos(): number {
    return -1;
  }

  private get eos(): number {
    return -2;
  }
}
