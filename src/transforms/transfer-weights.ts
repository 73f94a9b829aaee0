import type * as tf from '@tensorflow/tfjs';
import { StageError } from '../errors/pipeline-error.js';
import type { TransferTransform } from '../spec/generated/transforms/transfer.js';
import type { StageReporter } from '../stage/stage-context.js';

/** What a transfer did, for the log and the tests. */
export interface TransferReport {
  readonly reused: readonly string[];
  readonly fresh: readonly string[];
  readonly frozen: readonly string[];
}

/** A layer's name without the stage prefix (`phonemes.conv_2` -> `conv_2`), so stages with other ids match. */
function baseName(name: string): string {
  return name.slice(name.indexOf('.') + 1);
}

const isHead = (l: tf.layers.Layer) => /(^|\.)(head_|pool_)/.test(l.name);

/**
 * Copies a trained model's weights into a new network: the source's last `dropLayers` weighted layers
 * are dropped (its head), the other layers are matched to the target's trunk by name (stage prefix
 * aside, in order when names differ), and each weight that has the same shape is copied; the rest keep
 * their fresh initialisation and are reported by name. Frozen layers get `trainable = false`. Returns
 * the report and a per-epoch hook for gradual unfreezing.
 */
export function transferWeights(
  target: tf.LayersModel,
  source: tf.LayersModel,
  cfg: TransferTransform,
  report: StageReporter,
  where: { target: string; source: string },
): { report: TransferReport; beforeEpoch: ((epoch: number) => void) | undefined } {
  const srcInput = source.inputs[0]!.shape;
  const dstInput = target.inputs[0]!.shape;
  if (srcInput.length !== dstInput.length) {
    throw new StageError(
      `transfer from ${where.source} (input ${shapeText(srcInput)}) ` +
        `cannot connect to ${where.target} (input ${shapeText(dstInput)}): ` +
        `the inputs have a different rank`,
      {
        location: { stageId: where.target },
        hint: 'transfer between stages that read the same kind of input (sequences to sequences, images to images)',
      },
    );
  }
  const drop = cfg.dropLayers ?? 1;
  const srcLayers = source.layers.filter((l) => l.getWeights().length > 0);
  const kept = srcLayers.slice(0, Math.max(0, srcLayers.length - drop));
  const trunk = target.layers.filter((l) => l.getWeights().length > 0 && !isHead(l));
  const byName = new Map(kept.map((l) => [baseName(l.name), l]));
  const reused: string[] = [];
  const fresh: string[] = [];
  const transferred: tf.layers.Layer[] = [];
  // Match by name; only when no name matches at all (other naming), match in order.
  const byOrder = !trunk.some((l) => byName.has(baseName(l.name)));
  trunk.forEach((layer, i) => {
    const src = byOrder ? kept[i] : byName.get(baseName(layer.name));
    if (!src) {
      fresh.push(`${layer.name} (no source layer)`);
      return;
    }
    const have = src.getWeights();
    const want = layer.getWeights();
    let fits = 0;
    const next = want.map((w, k) => {
      const s = have[k];
      if (s && s.shape.join() === w.shape.join()) {
        fits++;
        return s;
      }
      fresh.push(
        `${layer.name}/${k} (source ${src.name} [${s?.shape.join(', ') ?? 'none'}], here [${w.shape.join(', ')}])`,
      );
      return w;
    });
    if (fits > 0) {
      layer.setWeights(next);
      reused.push(`${layer.name} <- ${src.name}`);
      transferred.push(layer);
    }
  });
  if (reused.length === 0) {
    throw new StageError(
      `transfer from ${where.source} to ${where.target}: no layer fits (${fresh.slice(0, 3).join('; ')})`,
      {
        location: { stageId: where.target },
        hint: 'the two stages must share an architecture: same kind and compatible params',
      },
    );
  }
  const frozen = chooseFrozen(transferred, cfg.freeze ?? 'all');
  for (const l of frozen) l.trainable = false;
  report.log(
    'info',
    `transfer from ${where.source}: reused ${reused.length} layer(s), froze ${frozen.length}` +
      `${fresh.length ? `, initialised fresh: ${fresh.join('; ')}` : ''}`,
  );
  if (fresh.length)
    report.log(
      'warn',
      `transfer to ${where.target}: ${fresh.length} weight(s) did not fit and start fresh: ${fresh.join('; ')}`,
    );
  const u = cfg.unfreeze;
  const beforeEpoch = u
    ? (epoch: number) => {
        const after = u.after ?? 3;
        const every = u.every ?? 2;
        if (epoch <= after || (epoch - after - 1) % every !== 0) return;
        const top = [...frozen].reverse().find((l) => !l.trainable);
        if (top) {
          top.trainable = true;
          report.log('info', `epoch ${epoch}: unfroze ${top.name}`);
        }
      }
    : undefined;
  return { report: { reused, fresh, frozen: frozen.map((l) => l.name) }, beforeEpoch };
}

function chooseFrozen(layers: tf.layers.Layer[], freeze: TransferTransform['freeze']): tf.layers.Layer[] {
  if (freeze === 'all' || freeze === undefined) return layers;
  if (freeze === 'none') return [];
  if (typeof freeze === 'number') return layers.slice(0, freeze);
  return layers.filter((l) => (freeze as string[]).some((s) => l.name.includes(s)));
}

function shapeText(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'null' : String(d))).join(', ')}]`;
}
