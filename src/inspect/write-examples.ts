import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { encodeWav } from '../audio/wav-encode.js';
import type { RunServices } from '../execute/run-request.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import type { ExecutionPlan } from '../plan/execution-plan.js';
import type { ServiceLookup } from '../services/service-kind.js';
import type { Example, LoadedDataset } from '../data/dataset.js';
import type { SplitIndices } from '../data/split.js';
import { SPLIT_NAMES, type SplitName } from './data-summary.js';
import { exampleFeatures } from './example-features.js';
import { svgToPng } from '../io/svg-render.js';
import { featureSvg } from './feature-image.js';

/** One example written out for listening and looking. */
export interface WrittenExample {
  readonly id: string;
  readonly split: SplitName;
  /** Its label in words (the words said, or the class). */
  readonly label: string;
  readonly speaker: string | undefined;
  readonly seconds: number;
  readonly wav: string;
  readonly png: string | undefined;
}

export interface WrittenExamples {
  readonly dir: string;
  /** The stage whose output the pictures show (undefined: no pictures). */
  readonly features: { readonly stageId: string; readonly kind: string; readonly fallback: boolean } | undefined;
  readonly examples: readonly WrittenExample[];
}

export interface WriteExamplesOptions {
  readonly plan: ExecutionPlan;
  readonly data: LoadedDataset;
  readonly split: SplitIndices;
  readonly services: RunServices;
  readonly pipelineServices: ServiceLookup;
  readonly count: number;
  readonly dir: string;
  /** Rate of the waveform inputs; undefined when inputs are not waveforms (nothing is written). */
  readonly sampleRate: number | undefined;
}

/**
 * Writes `count` examples spread evenly over the split data: each as a WAV and as a PNG of what the
 * pipeline's first feature stage computes for it.
 */
export async function writeExamples(o: WriteExamplesOptions): Promise<WrittenExamples> {
  const splitOf = new Map<number, SplitName>();
  for (const s of SPLIT_NAMES) for (const i of o.split[s]) splitOf.set(i, s);
  const used = [...splitOf.keys()].sort((a, b) => a - b);
  const n = Math.min(o.count, used.length);
  if (n === 0 || o.sampleRate === undefined) return { dir: o.dir, features: undefined, examples: [] };
  const rate = o.sampleRate;
  const picked = Array.from({ length: n }, (_, k) => used[Math.floor((k * used.length) / n)]!);
  const features = await exampleFeatures(o.plan, o.data, picked, o.services, o.pipelineServices);
  mkdirSync(o.dir, { recursive: true });
  const examples = picked.map((i, k): WrittenExample => {
    const e = o.data.examples[i]!;
    const base = path.join(o.dir, `${String(k + 1).padStart(2, '0')}-${e.id.replace(/[^A-Za-z0-9._-]+/g, '_')}`);
    writeFileAtomic(`${base}.wav`, encodeWav(e.input.data, rate));
    const label = labelText(o.data, e);
    let png: string | undefined;
    const f = features?.items[k];
    if (features && f) {
      const title =
        `${e.id} (${splitOf.get(i)}): ${label}${e.group ? `, ${e.group}` : ''} | ` +
        `${features.stageId} [${features.kind}] ${f.shape[0]}x${f.shape[1]}`;
      writeFileAtomic(
        (png = `${base}.png`),
        svgToPng(featureSvg({ data: f.data, frames: f.shape[0]!, dim: f.shape[1]! }, title)),
      );
    }
    return {
      id: e.id,
      split: splitOf.get(i)!,
      label,
      speaker: e.group,
      seconds: (e.input.shape[0] ?? 0) / rate,
      wav: `${base}.wav`,
      png,
    };
  });
  return {
    dir: o.dir,
    features: features && { stageId: features.stageId, kind: features.kind, fallback: features.fallback },
    examples,
  };
}

/** The words an example says (or its class), for titles and listings. */
function labelText(data: LoadedDataset, e: Example): string {
  const name = data.labels.words ? 'words' : Object.keys(data.labels).find((k) => data.labels[k]!.kind === 'class');
  if (!name) return '';
  const v = e.labels[name];
  const names = data.labels[name]!.names;
  const ids = typeof v === 'number' ? [v] : Array.isArray(v) ? v : [];
  return ids.map((id) => (typeof id === 'number' ? (names[id] ?? String(id)) : '?')).join(' ');
}
