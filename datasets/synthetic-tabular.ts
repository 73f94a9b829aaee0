import { contentKey, type DatasetKind, type Example, loadSchema, Random } from '../src/api/plugin.js';
import { type SyntheticTabularParams } from './generated/synthetic-tabular.params.js';

/**
 * A generated classification task: per class a few Gaussian clusters on the informative features,
 * noise elsewhere, each feature scaled differently (so standardizing matters). Seeded and fast.
 */
export const syntheticTabular: DatasetKind<SyntheticTabularParams> = {
  kind: 'synthetic-tabular',
  description: 'Generated Gaussian-cluster classification data with an official 80/20 split.',
  paramsSchema: loadSchema('datasets/synthetic-tabular.params.schema.json'),
  describe: (p) => ({
    input: { kind: 'vector', dims: [p.features] },
    labels: {
      label: { kind: 'class', size: p.classes, description: 'the class of the cluster' },
      coarse: {
        kind: 'class',
        size: Math.ceil(p.classes / 2),
        description: 'pairs of classes (class // 2): an easier related task',
      },
    },
    hasOfficialSplit: true,
    hasGroups: false,
  }),
  async load(p) {
    const classes = p.classes;
    const dim = p.features;
    const informative = Math.min(p.informative, dim);
    const per = p.examplesPerClass;
    const clusters = p.clustersPerClass;
    const rng = new Random(p.seed);
    const scales = Array.from({ length: dim }, () => rng.uniform(0.5, p.scale));
    const offsets = Array.from({ length: dim }, () => rng.uniform(-5, 5));
    const centres = Array.from({ length: classes * clusters }, () =>
      Array.from({ length: informative }, () => rng.normal() * p.separation),
    );
    const examples: Example[] = [];
    for (let c = 0; c < classes; c++) {
      for (let k = 0; k < per; k++) {
        const centre = centres[c * clusters + rng.int(clusters)]!;
        const data = new Float32Array(dim);
        for (let d = 0; d < dim; d++)
          data[d] = ((d < informative ? centre[d]! : 0) + rng.normal()) * scales[d]! + offsets[d]!;
        examples.push({
          id: `c${c}-${k}`,
          input: { data, shape: [dim] },
          labels: { label: c, coarse: Math.floor(c / 2) },
          officialSplit: k < per * 0.8 ? 'train' : 'test',
        });
      }
    }
    return {
      examples,
      labels: {
        label: { kind: 'class', names: Array.from({ length: classes }, (_, c) => `class${c}`) },
        coarse: { kind: 'class', names: Array.from({ length: Math.ceil(classes / 2) }, (_, c) => `pair${c}`) },
      },
      skipped: [],
      fingerprint: contentKey({ generator: 'synthetic-tabular@2', p }),
    };
  },
};
