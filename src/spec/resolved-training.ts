import type { Training, TrainingOverride } from './generated/pipeline-spec.js';
import { fillDefaults } from './schema-validator.js';

export interface ResolvedEarlyStopping {
  readonly monitor: string;
  readonly patience: number;
  readonly minDelta: number;
  readonly restoreBest: boolean;
}

/** Training settings of one stage after merging the pipeline defaults with the stage's overrides. */
export interface ResolvedTraining {
  readonly epochs: number;
  readonly batchSize: number;
  readonly optimizer: {
    readonly kind: 'adam' | 'sgd' | 'momentum' | 'rmsprop';
    readonly learningRate: number;
    readonly momentum?: number;
    readonly clipNorm?: number;
  };
  readonly seed: number;
  readonly earlyStopping: ResolvedEarlyStopping | false;
}

/**
 * Merges the pipeline's training settings with overrides (later ones win). Defaults come from the
 * pipeline schema (its Training, Optimizer and EarlyStopping definitions), never from copies here.
 */
export function resolveTraining(
  base: Training | undefined,
  ...overrides: (TrainingOverride | undefined)[]
): ResolvedTraining {
  const t = fillDefaults('Training', structuredClone(base ?? {})) as Required<Training>;
  const resolved: ResolvedTraining = {
    epochs: t.epochs,
    batchSize: t.batchSize,
    seed: t.seed,
    optimizer: resolveOptimizer(t.optimizer),
    earlyStopping: resolveEarlyStopping(t.earlyStopping),
  };
  return overrides.reduce<ResolvedTraining>((r, o) => overrideTraining(r, o), resolved);
}

/** Resolved training settings with an override applied (a stage's, or a collapsed network's). */
export function overrideTraining(t: ResolvedTraining, o: TrainingOverride | undefined): ResolvedTraining {
  if (!o) return t;
  return {
    epochs: o.epochs ?? t.epochs,
    batchSize: o.batchSize ?? t.batchSize,
    seed: t.seed,
    optimizer: o.optimizer !== undefined ? resolveOptimizer({ ...t.optimizer, ...o.optimizer }) : t.optimizer,
    earlyStopping: o.earlyStopping !== undefined ? resolveEarlyStopping(o.earlyStopping) : t.earlyStopping,
  };
}

function resolveOptimizer(o: Training['optimizer']): ResolvedTraining['optimizer'] {
  const f = fillDefaults('Optimizer', { ...(o ?? {}) }) as ResolvedTraining['optimizer'];
  return {
    kind: f.kind,
    learningRate: f.learningRate,
    ...(f.momentum !== undefined ? { momentum: f.momentum } : {}),
    ...(f.clipNorm !== undefined ? { clipNorm: f.clipNorm } : {}),
  };
}

function resolveEarlyStopping(es: Training['earlyStopping']): ResolvedTraining['earlyStopping'] {
  if (es === undefined || es === false) return false;
  return fillDefaults('EarlyStopping', { ...es }) as ResolvedEarlyStopping;
}
