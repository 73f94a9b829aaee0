import type { Catalog } from '../compile/catalog.js';
import type { Lexicon } from '../speech/lexicon.js';
import type { LoadedSpec } from '../spec/load-spec.js';
import type { StageFactory } from '../stage/stage-factory.js';

export type BackendChoice = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

/** What one run needs to be told. */
export interface RunRequest {
  readonly loaded: LoadedSpec;
  /** Overrides the spec's mode. */
  readonly mode?: 'staged' | 'end-to-end';
  /** Folder that holds run folders (runs/). */
  readonly runsDir: string;
  /** Content-addressed cache folder. */
  readonly cacheDir: string;
  /** Recompute every step, replacing cached results. */
  readonly fresh?: boolean;
  readonly backend?: BackendChoice;
  /** Tags every event (ablation trials). */
  readonly trial?: string;
  /** Fixed run id (tests, ablation trials); default: time-name-mode-random. */
  readonly runId?: string;
  /** Aborting it interrupts the run (Ctrl-C): status.json says so and finished steps stay cached. */
  readonly signal?: AbortSignal;
}

/** The services a run uses, provided by the composition root. */
export interface RunServices {
  readonly catalog: Catalog;
  readonly stages: StageFactory;
  /** Builds the pipeline lexicon (or undefined when the spec needs none). */
  readonly lexicon: (loaded: LoadedSpec) => Promise<{ lexicon: Lexicon; key: string } | undefined>;
  readonly selectBackend: (choice: BackendChoice) => Promise<{ name: string; requested: string; reason: string }>;
}
