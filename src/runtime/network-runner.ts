import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { InferenceHead, InferenceOp, InferencePart } from '../core/inference.js';
import type { Item } from '../core/item.js';
import { DataError } from '../errors/pipeline-error.js';
import { ctcHypotheses } from '../speech/ctc-hypotheses.js';
import { padSequences, stackItems } from '../train/batching.js';

type NetworkOp = Extract<InferenceOp, { op: 'network' }>;

/**
 * Runs an exported network on one example as training's prediction does: the sequence padded to the
 * length multiple, every head's output decoded (CTC posteriors or n-best, class log-probabilities,
 * sigmoid probabilities). Returns one item per head, the main head first.
 */
export function runNetwork(model: tfl.LayersModel, op: NetworkOp, x: Item): Item[] {
  const outLength = op.sequenceInput ? Math.ceil(x.shape[0]! / op.outputDivisor) : 1;
  const raw = tf.tidy(() => {
    const input = op.sequenceInput
      ? (() => {
          const p = padSequences([x], op.lengthMultiple);
          return tf.tensor3d(p.data, [...p.shape]);
        })()
      : (() => {
          const s = stackItems([x]);
          return tf.tensor(s.data, s.shape);
        })();
    const out = model.predict(input) as tf.Tensor | tf.Tensor[];
    return (Array.isArray(out) ? out : [out]).map((o, k) => activate(op.heads[k]!, o));
  });
  try {
    return raw.map((t, k) => decodeHead(op.heads[k]!, t.dataSync() as Float32Array, t.shape, outLength));
  } finally {
    raw.forEach((t) => t.dispose());
  }
}

/** A loaded part of a network stage with separate networks per head. */
export interface LoadedPart {
  readonly model: tfl.LayersModel;
  readonly owners: InferencePart['owners'];
}

/**
 * Runs a stage's separate networks (parts) on one example and assembles their outputs as the trained
 * NetworkSet does: a part's whole head as it is, the single outputs of a sigmoid head's parts joined in
 * output order. Returns one item per head of the stage, the main head first.
 */
export function runParts(parts: readonly LoadedPart[], op: NetworkOp, x: Item): Item[] {
  const whole: (Item | undefined)[] = op.heads.map(() => undefined);
  const entries: (Item | undefined)[][] = op.heads.map(() => []);
  for (const part of parts) {
    const heads = part.owners.map((w) => (w.entry === undefined ? op.heads[w.head]! : entryHead(op, w.head, w.entry)));
    const out = runNetwork(part.model, { ...op, heads }, x);
    part.owners.forEach((w, k) => {
      if (w.entry === undefined) whole[w.head] = out[k]!;
      else entries[w.head]![w.entry] = out[k]!;
    });
  }
  return op.heads.map((_, h) => {
    const own = whole[h];
    if (own) return own;
    const list = entries[h]!;
    return { data: Float32Array.from(list, (e) => e!.data[0]!), shape: [list.length] };
  });
}

/**
 * Checks that a stage's parts own every head exactly once (a head whole, or each output of a sigmoid head);
 * throws a DataError naming the stage otherwise.
 */
export function checkParts(op: NetworkOp & { readonly id: string }): void {
  const parts = op.parts ?? [];
  const fail = (why: string): never => {
    throw new DataError(`stage \`${op.id}\`: its separate networks ${why}`, {
      location: { stageId: op.id },
      hint: 'export the run again with this version of concertina',
    });
  };
  const seen = op.heads.map((h) => ({
    whole: false,
    entries: new Set<number>(),
    size: h.kind === 'sigmoid' ? h.outputs.length : 0,
  }));
  for (const part of parts)
    for (const w of part.owners) {
      const s = seen[w.head];
      if (!s) fail(`name head ${w.head}, which the stage does not have (${op.heads.length} heads)`);
      else if (w.entry === undefined) {
        if (s.whole || s.entries.size) fail(`own head ${w.head} more than once`);
        s.whole = true;
      } else {
        if (op.heads[w.head]!.kind !== 'sigmoid' || !Number.isInteger(w.entry) || w.entry < 0 || w.entry >= s.size)
          fail(`name output ${w.entry} of head ${w.head}, which it does not have`);
        if (s.whole || s.entries.has(w.entry)) fail(`own output ${w.entry} of head ${w.head} more than once`);
        s.entries.add(w.entry);
      }
    }
  seen.forEach((s, h) => {
    if (!s.whole && s.entries.size !== s.size) fail(`leave head ${h} (${op.heads[h]!.label}) without a network`);
  });
}

/** One output of a sigmoid head, as the part that carries it alone decodes it. */
function entryHead(op: NetworkOp, head: number, entry: number): InferenceHead {
  const h = op.heads[head]!;
  const name = h.kind === 'sigmoid' ? (h.outputs[entry] ?? String(entry)) : String(entry);
  return { kind: 'sigmoid', label: `${h.label}.${name}`, outputs: [name] };
}

/** The head's output activation, as its training head applies it before decoding. */
function activate(h: InferenceHead, out: tf.Tensor): tf.Tensor {
  return h.kind === 'sigmoid' ? tf.sigmoid(out) : tf.logSoftmax(out);
}

function decodeHead(h: InferenceHead, data: Float32Array, shape: readonly number[], len: number): Item {
  if (h.kind !== 'ctc') return { data: data.slice(), shape: shape.slice(1) };
  const [, T, C] = shape as [number, number, number];
  const frames = data.slice(0, Math.min(T, len) * C);
  return h.decodeAs === 'hypotheses'
    ? ctcHypotheses(frames, Math.min(T, len), C, h)
    : { data: frames, shape: [Math.min(T, len), C] };
}
