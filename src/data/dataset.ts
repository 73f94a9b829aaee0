import type { Item, LabelValue } from '../core/item.js';
import type { DatasetDescription } from '../core/dataset-description.js';
import type { LabelInfo } from '../core/label.js';
import type { ServiceLookup } from '../services/service-kind.js';

/** One example: its source input, its labels by supervision name, its group (speaker) for splitting. */
export interface Example {
  readonly id: string;
  readonly input: Item;
  readonly labels: Readonly<Record<string, LabelValue>>;
  /** Group used by speaker-independent splits (e.g. the speaker). */
  readonly group?: string;
  /** The dataset's own split, when it has one. */
  readonly officialSplit?: 'train' | 'test';
  /** Source file or generator details, kept for reports. */
  readonly source?: string;
  /** For an augmented copy: the id of the example it was made from (copies only ever join training). */
  readonly augmentOf?: string;
}

/** Everything a dataset kind's load() returns. */
export interface LoadedDataset {
  readonly examples: readonly Example[];
  readonly labels: Readonly<Record<string, LabelInfo>>;
  /** Files that could not be read and were skipped (onBadFile: skip). */
  readonly skipped: readonly { readonly file: string; readonly reason: string }[];
  /** A content fingerprint of the data (file sizes and times, generator options...), for cache keys. */
  readonly fingerprint: string;
}

/** What the run gives a dataset kind when loading. */
export interface DatasetLoadContext {
  /** Folder of the spec file, for relative paths. */
  readonly specDir: string;
  /** Requirements of the source stage, e.g. { sampleRate: 8000 }. */
  readonly requirements: Readonly<Record<string, unknown>>;
  readonly onBadFile: 'error' | 'skip';
  readonly cacheDir: string;
  /** The pipeline services the kind declared in `uses` (e.g. the lexicon). */
  readonly services: ServiceLookup;
  readonly seed: number;
  /**
   * Loads another dataset kind (a dataset built from another, like digit strings from word clips),
   * with its params validated against that kind's schema and through the same cache.
   */
  readonly loadSource: (
    source: { readonly kind: string; readonly params?: Record<string, unknown> },
    pointer: string,
  ) => Promise<LoadedDataset>;
  /** Progress of long loads (generation, decoding), as done/total. */
  readonly progress: (done: number, total: number, what: string) => void;
  readonly signal?: AbortSignal;
}

/** A dataset kind: validated params in, examples out. */
export interface DatasetKind<P = Record<string, unknown>> {
  readonly kind: string;
  readonly description: string;
  readonly paramsSchema: object;
  /** Pipeline services the kind needs when loading (e.g. `lexicon` for phoneme labels). */
  readonly uses?: readonly string[];
  /** Pure: what the data will look like, from params. */
  describe(params: P, requirements: Readonly<Record<string, unknown>>): DatasetDescription;
  /** Words the dataset will need pronunciations for (checked against the lexicon at validation). */
  vocabulary?(params: P): readonly string[];
  load(params: P, ctx: DatasetLoadContext): Promise<LoadedDataset>;
  /**
   * A cheap content fingerprint (file names, sizes and times; generator options) computed without
   * decoding anything. When given, loaded datasets are cached under it and reused.
   */
  fingerprint?(params: P, ctx: DatasetLoadContext): Promise<string>;
}
