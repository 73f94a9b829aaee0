import { contentKey } from '../src/cache/content-key.js';
import type { DatasetKind, Example } from '../src/data/dataset.js';
import type { ShapesParams } from '../src/spec/generated/datasets/shapes.params.js';
import type { Item } from '../src/stage/item.js';
import { loadSchema } from '../src/util/package-root.js';
import { deriveSeed, Random } from '../src/util/random.js';
import { renderShape, sampleShapeLayout, type ShapeLayout, type ShapeStyle } from '../src/vision/shape-image.js';
import { SHAPE_NAMES, type ShapeName } from '../src/vision/shape-library.js';

/**
 * Image `k` of shape `name`. Each image has its own seeded stream (from the seed, style, shape and
 * k), so the images of a class do not depend on which other classes are drawn.
 */
export function generateShape(p: ShapesParams, name: ShapeName, k: number): { layout: ShapeLayout; image: Item } {
  const style: ShapeStyle = p.style ?? 'plain';
  const size = p.size ?? 28;
  const rng = new Random(deriveSeed(p.seed ?? 7, `${style}:${name}:${k}`));
  const layout = sampleShapeLayout(name, size, style, rng);
  return { layout, image: renderShape(layout, style, size, p.noise ?? 0.05, rng) };
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
    input: { kind: 'image', dims: [p.size ?? 28, p.size ?? 28, 1] },
    labels: { shape: { kind: 'class', size: (p.classes ?? SHAPE_NAMES).length, description: 'which shape is drawn' } },
    hasOfficialSplit: true,
    hasGroups: false,
  }),
  async load(p, ctx) {
    const classes: readonly ShapeName[] = p.classes ?? SHAPE_NAMES;
    const perClass = p.perClass ?? 300;
    const train = Math.round(perClass * (1 - (p.testFraction ?? 0.2)));
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
