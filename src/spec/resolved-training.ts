import type { Training, TrainingOverride } from './generated/pipeline-spec.js';

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

/** Merges training defaults with overrides (later ones win), filling any default the schema did not. */
export function resolveTraining(
  base: Training | undefined,
  ...overrides: (TrainingOverride | undefined)[]
): ResolvedTraining {
  let t: Required<Pick<Training, 'epochs' | 'batchSize' | 'seed'>> & Pick<Training, 'optimizer' | 'earlyStopping'> = {
    epochs: base?.epochs ?? 20,
    batchSize: base?.batchSize ?? 32,
    seed: base?.seed ?? 1,
    optimizer: base?.optimizer,
    earlyStopping: base?.earlyStopping,
  };
  for (const o of overrides) {
    if (!o) continue;
    t = {
      ...t,
      ...(o.epochs !== undefined ? { epochs: o.epochs } : {}),
      ...(o.batchSize !== undefined ? { batchSize: o.batchSize } : {}),
      ...(o.optimizer !== undefined ? { optimizer: { ...t.optimizer, ...o.optimizer } } : {}),
      ...(o.earlyStopping !== undefined ? { earlyStopping: o.earlyStopping } : {}),
    };
  }
  const es = t.earlyStopping;
  return {
    epochs: t.epochs,
    batchSize: t.batchSize,
    seed: t.seed,
    optimizer: {
      kind: t.optimizer?.kind ?? 'adam',
      learningRate: t.optimizer?.learningRate ?? 0.001,
      ...(t.optimizer?.momentum !== undefined ? { momentum: t.optimizer.momentum } : {}),
      ...(t.optimizer?.clipNorm !== undefined ? { clipNorm: t.optimizer.clipNorm } : {}),
    },
    earlyStopping:
      es === undefined || es === false
        ? false
        : {
            monitor: es.monitor ?? 'loss',
            patience: es.patience ?? 5,
            minDelta: es.minDelta ?? 0,
            restoreBest: es.restoreBest ?? true,
          },
  };
}
