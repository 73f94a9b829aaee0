import type { Mode } from '../core/mode.js';
/** One finished (or failed) trial of an ablation, as stored in report.json and trials.jsonl. */
export interface TrialResult {
  readonly trialId: string; // e.g. "end-to-end-f0.05-s2"
  readonly arm: string; // ablation arm name, e.g. "staged", "end-to-end", "end-to-end-learned", "transfer"
  readonly mode: Mode;
  readonly trainFraction: number; // requested fraction of the training split
  readonly trainExamples: number; // examples actually trained on (after the validation hold-out)
  readonly seed: number;
  readonly params: Readonly<Record<string, unknown>>; // grid values of this trial, spec path -> value
  readonly status: 'completed' | 'failed';
  readonly error?: string;
  /**
   * Metrics of the pipeline's output stage (e.g. accuracy, wer, per, ser), plus `${stageId}.${metric}` for every
   * evaluated stage.
   */
  readonly metrics: Readonly<Record<string, number>>;
  readonly primaryMetric: string; // e.g. "accuracy"
  readonly durationMs: number;
  readonly runDir: string; // the trial's run folder
}

/** What a trial is, as far as its result repeats it. */
type TrialIdentity = Readonly<{
  id: string;
  arm: string;
  mode: Mode;
  trainFraction: number;
  seed: number;
  params: Readonly<Record<string, unknown>>;
}>;

/** The result of a trial that failed with `error` (no metrics), its run folder at `runDir`. */
export function failedResult(t: TrialIdentity, error: string, runDir: string): TrialResult {
  return {
    trialId: t.id,
    arm: t.arm,
    mode: t.mode,
    trainFraction: t.trainFraction,
    trainExamples: 0,
    seed: t.seed,
    params: t.params,
    status: 'failed',
    error,
    metrics: {},
    primaryMetric: 'accuracy',
    durationMs: 0,
    runDir,
  };
}
