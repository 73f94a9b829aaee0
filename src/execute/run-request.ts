import type { Mode } from '../core/mode.js';
import type { Catalog } from '../registry/catalog.js';
import type { LoadedSpec } from '../spec/load-spec.js';
import type { StageFactory } from '../stage/stage-kind.js';

export type { BackendChoice } from '../backend/select-backend.js';
import type { BackendChoice } from '../backend/select-backend.js';
import type { LeaseOwner } from '../cache/lease.js';

/** What one run needs to be told. */
export interface RunRequest {
  readonly loaded: LoadedSpec;
  /** Overrides the spec's mode. */
  readonly mode?: Mode;
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
  /**
   * Processes that ran earlier attempts of this run as a queue job and are gone (the queue took the job
   * from their worker): their cache leases are taken over at once, so the run resumes without waiting
   * for the leases to lapse.
   */
  readonly goneLeaseHolders?: readonly LeaseOwner[];
}

/** The services a run uses, provided by the composition root. */
export interface RunServices {
  readonly catalog: Catalog;
  readonly stages: StageFactory;
  readonly selectBackend: (
    choice: BackendChoice,
  ) => Promise<{ name: string; requested: string; reason: string; matmul?: string }>;
}
