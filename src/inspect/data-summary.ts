import type { LoadedDataset } from '../data/dataset.js';
import type { SplitIndices } from '../data/split.js';
import { histogram, type HistogramBin } from './histogram.js';

export type SplitName = 'train' | 'validation' | 'test';
export const SPLIT_NAMES: readonly SplitName[] = ['train', 'validation', 'test'];

/** Counts of one word / class / speaker per split. */
export interface CountRow {
  readonly name: string;
  readonly train: number;
  readonly validation: number;
  readonly test: number;
  readonly total: number;
}

/** Example durations in seconds. */
export interface DurationStats {
  readonly count: number;
  readonly min: number;
  readonly median: number;
  readonly mean: number;
  readonly max: number;
  readonly total: number;
}

/** What `concertina data` reports about a pipeline's loaded and split data. */
export interface DataSummary {
  readonly examples: number;
  readonly splits: Readonly<Record<SplitName, number>>;
  /** The label counted per split: `words` (word occurrences) when there is one, else the first class label. */
  readonly countedLabel: string | undefined;
  readonly labelCounts: readonly CountRow[];
  /** Examples per speaker (group) and split; empty when examples have no groups. */
  readonly speakers: readonly CountRow[];
  readonly skipped: LoadedDataset['skipped'];
  /** Durations (waveform inputs only), overall and per split, with a histogram of all of them. */
  readonly durations?: {
    readonly all: DurationStats;
    readonly bySplit: Readonly<Partial<Record<SplitName, DurationStats>>>;
    readonly histogram: readonly HistogramBin[];
  };
}

/** Counts a split dataset by split, label and speaker; durations when `sampleRate` is given (waveform inputs). */
export function summarizeData(data: LoadedDataset, split: SplitIndices, sampleRate: number | undefined): DataSummary {
  const splitOf = new Map<number, SplitName>();
  for (const s of SPLIT_NAMES) for (const i of split[s]) splitOf.set(i, s);
  const label = countedLabel(data);
  const names = label ? data.labels[label]!.names : [];
  const labelCounts = new Counter();
  const speakers = new Counter();
  data.examples.forEach((e, i) => {
    const s = splitOf.get(i);
    if (!s) return;
    if (e.group !== undefined) speakers.add(e.group, s);
    const v = label ? e.labels[label] : undefined;
    const ids = typeof v === 'number' ? [v] : Array.isArray(v) ? v : [];
    for (const id of ids) if (typeof id === 'number') labelCounts.add(names[id] ?? String(id), s);
  });
  return {
    examples: data.examples.length,
    splits: { train: split.train.length, validation: split.validation.length, test: split.test.length },
    countedLabel: label,
    labelCounts: labelCounts.rows(names),
    speakers: speakers.rows([...speakers.keys()].sort()),
    skipped: data.skipped,
    ...(sampleRate ? { durations: durationsOf(data, split, sampleRate) } : {}),
  };
}

function countedLabel(data: LoadedDataset): string | undefined {
  if (data.labels.words) return 'words';
  return Object.entries(data.labels).find(([, l]) => l.kind === 'class')?.[0];
}

function durationsOf(data: LoadedDataset, split: SplitIndices, rate: number): NonNullable<DataSummary['durations']> {
  const seconds = (i: number) => (data.examples[i]!.input.shape[0] ?? 0) / rate;
  const used = SPLIT_NAMES.flatMap((s) => split[s]);
  const all = used.map(seconds);
  const bySplit: Partial<Record<SplitName, DurationStats>> = {};
  for (const s of SPLIT_NAMES) if (split[s].length) bySplit[s] = stats(split[s].map(seconds));
  return { all: stats(all), bySplit, histogram: histogram(all) };
}

/** Min, median, mean, max and total of non-empty values. */
export function stats(values: readonly number[]): DurationStats {
  const sorted = [...values].sort((a, b) => a - b);
  const total = sorted.reduce((a, b) => a + b, 0);
  const n = sorted.length;
  const median = n === 0 ? 0 : n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
  return { count: n, min: sorted[0] ?? 0, median, mean: n ? total / n : 0, max: sorted[n - 1] ?? 0, total };
}

class Counter {
  private readonly counts = new Map<string, Record<SplitName, number>>();

  add(name: string, s: SplitName): void {
    let c = this.counts.get(name);
    if (!c) this.counts.set(name, (c = { train: 0, validation: 0, test: 0 }));
    c[s]++;
  }

  keys(): IterableIterator<string> {
    return this.counts.keys();
  }

  /** Rows in `order` (names never seen included, with zeros), then any others. */
  rows(order: readonly string[]): CountRow[] {
    const names = [...order, ...[...this.counts.keys()].filter((k) => !order.includes(k))];
    return names.map((name) => {
      const c = this.counts.get(name) ?? { train: 0, validation: 0, test: 0 };
      return { name, ...c, total: c.train + c.validation + c.test };
    });
  }
}
