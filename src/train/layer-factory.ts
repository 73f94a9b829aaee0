import * as tf from '@tensorflow/tfjs';
import { Random } from '../util/random.js';
import type { ParameterBudget } from './parameter-budget.js';

/** A tf.layers weight initialiser (the class is not re-exported by tfjs' public types). */
export type Initializer = ReturnType<typeof tf.initializers.glorotUniform>;

/** Seeded layer construction, so that the same seed gives the same initial weights. */
export interface LayerFactory {
  /** A fresh seeded initialiser. */
  initializer(kind?: 'glorotUniform' | 'heNormal' | 'orthogonal'): Initializer;
  /** A fresh seed (dropout, noise layers). */
  seed(): number;
  /** A unique layer name with the stage id as prefix. */
  name(base: string): string;
}

/**
 * Seeded initialisers and unique names for the layers one stage (or one network) builds; with a budget, each
 * weight an initialiser makes is counted against it before it is allocated.
 */
export function layerFactory(seed: number, prefix: string, budget?: ParameterBudget): LayerFactory {
  const rng = new Random(seed);
  const used = new Map<string, number>();
  return {
    initializer(kind = 'glorotUniform') {
      const s = rng.seed();
      const init =
        kind === 'heNormal'
          ? tf.initializers.heNormal({ seed: s })
          : kind === 'orthogonal'
            ? tf.initializers.orthogonal({ seed: s, gain: 1 })
            : tf.initializers.glorotUniform({ seed: s });
      if (budget) {
        const apply = init.apply.bind(init);
        init.apply = (shape, dtype) => {
          budget.add(shape.map((d) => d ?? 1));
          return apply(shape, dtype);
        };
      }
      return init;
    },
    seed: () => rng.seed(),
    name(base: string) {
      const n = (used.get(base) ?? 0) + 1;
      used.set(base, n);
      return `${prefix}.${base}${n > 1 ? `_${n}` : ''}`.replace(/[^A-Za-z0-9_.-]/g, '_');
    },
  };
}
