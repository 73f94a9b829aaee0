import {
  contentKey,
  type DatasetKind,
  deriveSeed,
  type Example,
  type Item,
  loadSchema,
  Random,
} from '../src/api/plugin.js';
import { type StreetScenesParams } from './generated/street-scenes.params.js';
import { renderScene, sampleSceneLayout, sceneLabel, type SceneLayout, STREET_OBJECTS } from '../src/api/vision.js';

/** One generated scene: what it holds, its picture and its complete label. */
export interface GeneratedScene {
  readonly layout: SceneLayout;
  readonly image: Item;
  readonly label: number[];
}

/**
 * Scene `index` of a street-scenes dataset. Each scene has its own seeded stream, so a scene does
 * not change with `count` or with the other params that do not draw it.
 */
export function generateScene(p: StreetScenesParams, index: number): GeneratedScene {
  const rng = new Random(deriveSeed(p.seed, `scene:${index}`));
  const probability = p.objectProbability;
  const kinds = STREET_OBJECTS.filter(() => rng.next() < probability);
  const layout = sampleSceneLayout(kinds, p.size, rng);
  return { layout, image: renderScene(layout, p.noise, rng), label: sceneLabel(layout) };
}

/** Number of scenes in the official training split (the first ones). */
export function trainCount(p: StreetScenesParams): number {
  return Math.round(p.count * (1 - p.testFraction));
}

/**
 * Generated street scenes with a multi-label `objects` label (pedestrian, car, stop sign, traffic
 * light), partly unknown in the training split. For multi-task and missing-label experiments.
 */
export const streetScenes: DatasetKind<StreetScenesParams> = {
  kind: 'street-scenes',
  description:
    'Generated RGB street scenes with a multi-label `objects` label (pedestrian, car, stop_sign, traffic_light), ' +
    'partly unknown in training.',
  paramsSchema: loadSchema('datasets/street-scenes.params.schema.json'),
  describe: (p) => ({
    input: { kind: 'image', dims: [p.size, p.size, 3] },
    labels: {
      objects: {
        kind: 'multi-label',
        size: STREET_OBJECTS.length,
        description: 'which of pedestrian, car, stop_sign, traffic_light the scene holds (null: unknown)',
      },
    },
    hasOfficialSplit: true,
    hasGroups: false,
  }),
  async load(p, ctx) {
    const count = p.count;
    const train = trainCount(p);
    const unknownRate = p.unknownRate;
    // A stream of its own, so hiding labels never changes the pictures.
    const hide = new Random(deriveSeed(p.seed, 'unknown-labels'));
    const examples: Example[] = [];
    for (let i = 0; i < count; i++) {
      if (i % 250 === 0) {
        if (ctx.signal?.aborted) throw ctx.signal.reason ?? new Error('aborted');
        ctx.progress(i, count, 'drawing street scenes');
        await new Promise((r) => setImmediate(r));
      }
      const scene = generateScene(p, i);
      const split = i < train ? 'train' : 'test';
      const objects = split === 'train' ? scene.label.map((v) => (hide.next() < unknownRate ? null : v)) : scene.label;
      examples.push({
        id: `scene-${String(i).padStart(5, '0')}`,
        input: scene.image,
        labels: { objects },
        officialSplit: split,
      });
    }
    ctx.progress(count, count, 'drawing street scenes');
    return {
      examples,
      labels: { objects: { kind: 'multi-label', names: [...STREET_OBJECTS], size: STREET_OBJECTS.length } },
      skipped: [],
      fingerprint: contentKey({ generator: 'street-scenes@1', p }),
    };
  },
};
