import { contentKey } from '../src/cache/content-key.js';
import type { DatasetKind, Example } from '../src/data/dataset.js';
import type { SyntheticTabularParams } from '../src/spec/generated/datasets/synthetic-tabular.params.js';
import { loadSchema } from '../src/util/package-root.js';
import { Random } from '../src/util/random.js';

/**
 * A generated classification task: per class a few Gaussian clusters on the informative features,
 * noise elsewhere, each feature scaled differently (so standardizing matters). Seeded and fast.
 */
export const syntheticTabular: DatasetKind<SyntheticTabularParams> = {
  kind: 'synthetic-tabular',
  description: 'Generated Gaussian-cluster classification data with an official 80/20 split.',
  paramsSchema: loadSchema('datasets/synthetic-tabular.params.schema.json'),
  describe: (p) => ({
    input: { kind: 'vector', dims: [p.features ?? 16] },
    labels: {
      label: { kind: 'class', size: p.classes ?? 4, description: 'the class of the cluster' },
      coarse: {
        kind: 'class',
        size: Math.ceil((p.classes ?? 4) / 2),
        description: 'pairs of classes (class // 2): an easier related task',
      },
    },
    hasOfficialSplit: true,
    hasGroups: false,
  }),
  async load(p) {
    const classes = p.classes ?? 4;
    const dim = p.features ?? 16;
    const informative = Math.min(p.informative ?? 4, dim);
    const per = p.examplesPerClass ?? 250;
    const clusters = p.clustersPerClass ?? 2;
    const rng = new Random(p.seed ?? 7);
    const scales = Array.from({ length: dim }, () => rng.uniform(0.5, p.scale ?? 10));
    const offsets = Array.from({ length: dim }, () => rng.uniform(-5, 5));
    const centres = Array.from({ length: classes * clusters }, () =>
      Array.from({ length: informative }, () => rng.normal() * (p.separation ?? 1.5)),
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
