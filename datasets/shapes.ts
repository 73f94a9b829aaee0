import {
  contentKey,
  type DatasetKind,
  deriveSeed,
  type Example,
  type Item,
  loadSchema,
  Random,
} from '../src/api/plugin.js';
import { type ShapesParams } from './generated/shapes.params.js';
import {
  renderShape,
  sampleShapeLayout,
  type ShapeLayout,
  type ShapeName,
  type ShapeStyle,
} from '../src/api/vision.js';

/**
 * Image `k` of shape `name`. Each image has its own seeded stream (from the seed, style, shape and
 * k), so the images of a class do not depend on which other classes are drawn.
 */
export function generateShape(p: ShapesParams, name: ShapeName, k: number): { layout: ShapeLayout; image: Item } {
  const style: ShapeStyle = p.style;
  const size = p.size;
  const rng = new Random(deriveSeed(p.seed, `${style}:${name}:${k}`));
  const layout = sampleShapeLayout(name, size, style, rng);
  return { layout, image: renderShape(layout, style, size, p.noise, rng) };
}

/**
 * Generated greyscale shapes, plain (white on black) or x-ray like (dark, faint, blurred), with a
 * `shape` class label over a chosen subset of shapes: the source and target of transfer experiments.
 */
export const shapesDataset: DatasetKind<ShapesParams> = {
  kind: 'shapes',
  description: 'Generated greyscale images of geometric shapes (plain or x-ray style) with a `shape` class label.',
  paramsSchema: loadSchema('datasets/shapes.params.schema.json'),
  describe: (p) => ({
    input: { kind: 'image', dims: [p.size, p.size, 1] },
    labels: { shape: { kind: 'class', size: p.classes.length, description: 'which shape is drawn' } },
    hasOfficialSplit: true,
    hasGroups: false,
  }),
  async load(p, ctx) {
    const classes: readonly ShapeName[] = p.classes;
    const perClass = p.perClass;
    const train = Math.round(perClass * (1 - p.testFraction));
    const total = classes.length * perClass;
    const examples: Example[] = [];
    for (const [c, name] of classes.entries()) {
      for (let k = 0; k < perClass; k++) {
        if (examples.length % 500 === 0) {
          if (ctx.signal?.aborted) throw ctx.signal.reason ?? new Error('aborted');
          ctx.progress(examples.length, total, 'drawing shapes');
          await new Promise((r) => setImmediate(r));
        }
        const { image } = generateShape(p, name, k);
        examples.push({
          id: `${name}-${String(k).padStart(5, '0')}`,
          input: image,
          labels: { shape: c },
          officialSplit: k < train ? 'train' : 'test',
        });
      }
    }
    ctx.progress(total, total, 'drawing shapes');
    return {
      examples,
      labels: { shape: { kind: 'class', names: [...classes], size: classes.length } },
      skipped: [],
      fingerprint: contentKey({ generator: 'shapes@1', p }),
    };
  },
};
