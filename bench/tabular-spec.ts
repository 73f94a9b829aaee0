import { tabularStages } from '../test/helpers/specs.js';

/** The synthetic tabular pipeline the ablation benchmarks time (input -> standardize -> dense classifier). */
export interface TabularBenchOptions<A> {
  readonly name: string;
  readonly classes: number;
  readonly features: number;
  readonly informative: number;
  readonly examplesPerClass: number;
  readonly hidden: readonly number[];
  readonly training: Record<string, unknown>;
  readonly ablation: A;
}

export function tabularBenchSpec<A>(o: TabularBenchOptions<A>) {
  const { classes, features, informative, examplesPerClass } = o;
  return {
    name: o.name,
    dataset: {
      kind: 'synthetic-tabular',
      params: { classes, features, informative, examplesPerClass, seed: 3 },
      split: { kind: 'official' },
    },
    stages: tabularStages(o.hidden),
    training: o.training,
    ablation: o.ablation,
  };
}
