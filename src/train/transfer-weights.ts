import * as tf from '@tensorflow/tfjs';
import { StageError } from '../errors/pipeline-error.js';
import { fileLoadHandler } from '../io/model-files.js';
import type { StageReporter } from './reporter.js';

/** How to take a trained network's layers: drop its head, freeze some, unfreeze them gradually. */
export interface TransferOptions {
  /** Layers with weights dropped from the end of the source (its head). */
  readonly dropLayers: number;
  /** Which transferred layers stay fixed: all, none, the first N, or those whose names contain a string. */
  readonly freeze: 'all' | 'none' | number | readonly string[];
  /** Gradual unfreezing: after `after` epochs, one more frozen layer from the top every `every` epochs. */
  readonly unfreeze?: { readonly after: number; readonly every: number };
}

/**
 * Starts networks from a trained one: loads the model saved in `init.modelDir` and copies its layers
 * into each target (see transferWeights). Returns the per-epoch hook of gradual unfreezing, if any.
 */
export async function startFromTrained(
  targets: readonly tf.LayersModel[],
  init: TransferOptions & { readonly modelDir: string; readonly source: string },
  report: StageReporter,
  target: string,
): Promise<((epoch: number) => void) | undefined> {
  const source = await tf.loadLayersModel(fileLoadHandler(init.modelDir));
  try {
    const hooks = targets.map(
      (m) => transferWeights(m, source, init, report, { target, source: init.source }).beforeEpoch,
    );
    return hooks[0] ? (e) => hooks.forEach((h) => h?.(e)) : undefined;
  } finally {
    source.dispose();
  }
}

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
function transferWeights(
  target: tf.LayersModel,
  source: tf.LayersModel,
  cfg: TransferOptions,
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
  const drop = cfg.dropLayers;
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
  const frozen = chooseFrozen(transferred, cfg.freeze);
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
        const { after, every } = u;
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

function chooseFrozen(layers: tf.layers.Layer[], freeze: TransferOptions['freeze']): tf.layers.Layer[] {
  if (freeze === 'all') return layers;
  if (freeze === 'none') return [];
  if (typeof freeze === 'number') return layers.slice(0, freeze);
  return layers.filter((l) => freeze.some((s) => l.name.includes(s)));
}

function shapeText(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'null' : String(d))).join(', ')}]`;
}
