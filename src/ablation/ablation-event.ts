import type { ErrorInfo, RunEvent } from '../events/run-event.js';
import type { TrialResult } from './trial-result.js';

interface Base {
  readonly ablationId: string;
  readonly at: string;
}

/** Events of an ablation as a whole; the trials' own run events come tagged with `trial`. */
export type AblationEvent =
  | (Base & {
      readonly type: 'ablation-started';
      readonly dir: string;
      readonly trials: number;
      readonly finished: number;
      readonly workers: number;
    })
  | (Base & { readonly type: 'trial-started'; readonly trial: string; readonly worker: number })
  | (Base & {
      readonly type: 'trial-completed';
      readonly trial: string;
      readonly result: TrialResult;
      readonly reused: boolean;
    })
  | (Base & { readonly type: 'trial-failed'; readonly trial: string; readonly error: ErrorInfo })
  | (Base & {
      readonly type: 'ablation-completed';
      readonly dir: string;
      readonly files: readonly string[];
      readonly durationMs: number;
      readonly completed: number;
      readonly failed: number;
    });

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An ablation event before it is stamped with the ablation id and time. */
export type AblationEventPayload = DistributiveOmit<AblationEvent, 'ablationId' | 'at'>;

/** What `runAblation` emits. */
export type AblationStreamEvent = AblationEvent | RunEvent;

/** Whether an event is an ablation-level one. */
export function isAblationEvent(e: AblationStreamEvent): e is AblationEvent {
  return 'ablationId' in e;
}
