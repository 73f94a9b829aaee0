/**
 * The data both sides of bench/vs-pytorch.ts train on, dumped once into a folder: MFCCs of FSDD
 * recordings (standardised per dimension), their phoneme and word labels, a seeded MLP data set, and
 * every epoch's batch lists exactly as concertina's training loop draws them (Random(seed) + epochBatches),
 * so the PyTorch twins (bench/vs_pytorch.py) see the same batches in the same order.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { decodeWav } from '../src/audio/wav.js';
import { computeMfcc } from '../src/features/mfcc.js';
import { PHONES } from '../src/speech/phone-set.js';
import { epochBatches } from '../src/train/batching.js';
import { Random } from '../src/util/random.js';

/** CMU pronunciations of the ten digits (stress removed). */
const DIGITS: readonly (readonly string[])[] = [
  ['Z', 'IH', 'R', 'OW'],
  ['W', 'AH', 'N'],
  ['T', 'UW'],
  ['TH', 'R', 'IY'],
  ['F', 'AO', 'R'],
  ['F', 'AY', 'V'],
  ['S', 'IH', 'K', 'S'],
  ['S', 'EH', 'V', 'AH', 'N'],
  ['EY', 'T'],
  ['N', 'AY', 'N'],
];

export const SEED = 1;
export const MLP = { inputs: 260, hidden: [256, 256], classes: 10, examples: 3200, batch: 64 } as const;

export interface BenchMeta {
  readonly dim: number;
  readonly lengths: number[];
  /** Phoneme label indices (0-based into PHONES; CTC ids are these + 1). */
  readonly phones: number[][];
  readonly words: number[];
  readonly phoneUnits: number;
  readonly utterances: { readonly batch: number; readonly epochs: number[][][] };
  readonly mlp: {
    readonly inputs: number;
    readonly classes: number;
    readonly batch: number;
    readonly epochs: number[][][];
  };
}

/** Writes features.f32, mlp-x.f32, mlp-y.json and meta.json into `dir`; returns the meta. */
export function prepareData(dir: string, fsddDir: string, utterances: number, epochs: number): BenchMeta {
  const files = readdirSync(fsddDir)
    .filter((f) => f.endsWith('.wav'))
    .sort();
  // Every k-th file: all speakers and digits, a fixed subset.
  const step = Math.max(1, Math.floor(files.length / utterances));
  const chosen = files.filter((_, i) => i % step === 0).slice(0, utterances);
  const mats = chosen.map((f) => {
    const a = decodeWav(readFileSync(path.join(fsddDir, f)), f);
    return computeMfcc(a.samples, a.sampleRate);
  });
  const dim = mats[0]!.dim;
  const total = mats.reduce((s, m) => s + m.numFrames, 0);
  const all = new Float32Array(total * dim);
  let o = 0;
  for (const m of mats) {
    all.set(m.data, o);
    o += m.data.length;
  }
  standardise(all, dim);
  writeFileSync(path.join(dir, 'features.f32'), all);
  const words = chosen.map((f) => Number(f.split('_')[0]));
  const phones = words.map((w) => DIGITS[w]!.map((p) => (PHONES as readonly string[]).indexOf(p)));
  const lengths = mats.map((m) => m.numFrames);
  const batch = 32;
  const uttEpochs = drawEpochs(lengths.length, batch, epochs, (i) => lengths[i]!);

  const rng = new Random(7);
  const mx = new Float32Array(MLP.examples * MLP.inputs).map(() => rng.normal());
  const proj = new Float32Array(MLP.inputs * MLP.classes).map(() => rng.normal());
  const my = Array.from({ length: MLP.examples }, (_, e) => {
    let best = 0;
    let bestV = -Infinity;
    for (let c = 0; c < MLP.classes; c++) {
      let v = 0;
      for (let j = 0; j < MLP.inputs; j++) v += mx[e * MLP.inputs + j]! * proj[j * MLP.classes + c]!;
      if (v > bestV) [best, bestV] = [c, v];
    }
    return best;
  });
  writeFileSync(path.join(dir, 'mlp-x.f32'), mx);
  writeFileSync(path.join(dir, 'mlp-y.json'), JSON.stringify(my));
  const meta: BenchMeta = {
    dim,
    lengths,
    phones,
    words,
    phoneUnits: PHONES.length + 1,
    utterances: { batch, epochs: uttEpochs },
    mlp: {
      inputs: MLP.inputs,
      classes: MLP.classes,
      batch: MLP.batch,
      epochs: drawEpochs(MLP.examples, MLP.batch, epochs),
    },
  };
  writeFileSync(path.join(dir, 'meta.json'), JSON.stringify(meta));
  return meta;
}

/** The batch lists Network.fit draws with seed SEED (it uses its Random only for this). */
function drawEpochs(n: number, batch: number, epochs: number, lengthOf?: (i: number) => number): number[][][] {
  const rng = new Random(SEED);
  const indices = Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: epochs }, () => epochBatches(indices, batch, rng, lengthOf));
}

function standardise(x: Float32Array, dim: number): void {
  const rows = x.length / dim;
  for (let d = 0; d < dim; d++) {
    let s = 0;
    let s2 = 0;
    for (let r = 0; r < rows; r++) {
      const v = x[r * dim + d]!;
      s += v;
      s2 += v * v;
    }
    const mean = s / rows;
    const sd = Math.sqrt(Math.max(1e-12, s2 / rows - mean * mean));
    for (let r = 0; r < rows; r++) x[r * dim + d] = (x[r * dim + d]! - mean) / sd;
  }
}

/** Reads what prepareData wrote. */
export function readData(dir: string): {
  meta: BenchMeta;
  features: Float32Array;
  mlpX: Float32Array;
  mlpY: number[];
} {
  const meta = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8')) as BenchMeta;
  const f32 = (name: string) => {
    const b = readFileSync(path.join(dir, name));
    return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  };
  return {
    meta,
    features: f32('features.f32'),
    mlpX: f32('mlp-x.f32'),
    mlpY: JSON.parse(readFileSync(path.join(dir, 'mlp-y.json'), 'utf8')) as number[],
  };
}
