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
