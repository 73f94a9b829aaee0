import * as tfl from '@tensorflow/tfjs-layers';
import { resample } from '../audio/resample.js';
import type { BundleManifest, InferenceStage } from '../core/inference.js';
import type { Item } from '../core/item.js';
import { DataError } from '../errors/pipeline-error.js';
import './custom-layers.js';
import { bundleReader, readManifest, type BundleSource } from './bundle-source.js';
import { checkParts, runNetwork, runParts, type LoadedPart } from './network-runner.js';
import { describeItem, vocabularyOf, type StageOutput } from './stage-output.js';
import { itemOp, type ItemOp } from './stage-ops.js';

/** What a bundle gives for one input: the answer (its words, for speech) and every stage's output. */
export interface Recognition {
  /** The output stage's words (speech pipelines); empty for others. */
  readonly words: readonly string[];
  /** The words joined by spaces. */
  readonly text: string;
  /** The output stage's output. */
  readonly output: StageOutput;
  /** Every stage's output by stage id; a network's extra heads (multi-task) as `<stage>.<label>`. */
  readonly stages: Readonly<Record<string, StageOutput>>;
  /** Milliseconds each stage took (wall time), by stage id. */
  readonly timings: Readonly<Record<string, number>>;
}

interface Step {
  readonly stage: InferenceStage;
  readonly run: (x: Item) => Item[];
  readonly vocabulary: readonly string[];
}

/**
 * An exported pipeline, ready to run: each stage's inference step in order (hand-designed features,
 * networks, decoders, grammar), the same code `concertina eval` runs. Load with `InferencePipeline.load`.
 */
export class InferencePipeline {
  private constructor(
    readonly manifest: BundleManifest,
    private readonly steps: readonly Step[],
    private readonly models: readonly tfl.LayersModel[],
  ) {}

  /** Loads a bundle from the URL of its folder or from its files in memory. */
  static async load(source: BundleSource): Promise<InferencePipeline> {
    const reader = bundleReader(source);
    const manifest = await readManifest(reader);
    const models: tfl.LayersModel[] = [];
    const steps: Step[] = [];
    const vocab = new Map<string, readonly string[]>();
    try {
      for (const stage of manifest.stages) {
        const vocabulary = vocabularyOf(stage, vocab.get(stage.inputs[0] ?? ''));
        vocab.set(stage.id, vocabulary);
        if (stage.op === 'network' && stage.parts) {
          // Separate networks per head: every part runs, their outputs are assembled in head order.
          checkParts(stage);
          const parts: LoadedPart[] = [];
          for (const part of stage.parts) {
            const model = await loadModel(reader.model(part.model), stage, reader.where);
            models.push(model);
            parts.push({ model, owners: part.owners });
          }
          steps.push({ stage, vocabulary, run: (x) => runParts(parts, stage, x) });
        } else if (stage.op === 'network') {
          const model = await loadModel(reader.model(stage.model), stage, reader.where);
          models.push(model);
          steps.push({ stage, vocabulary, run: (x) => runNetwork(model, stage, x) });
        } else {
          const op: ItemOp = itemOp(stage, stage.id);
          steps.push({ stage, vocabulary, run: (x) => [op(x)] });
        }
      }
    } catch (err) {
      models.forEach((m) => m.dispose());
      throw err;
    }
    return new InferencePipeline(manifest, steps, models);
  }

  /** The sample rate the pipeline's audio input runs at (undefined when its input is not audio). */
  get sampleRate(): number | undefined {
    const source = this.manifest.stages[0];
    return source?.op === 'audio-input' ? source.sampleRate : undefined;
  }

  /** Recognises mono audio at any sample rate (resampled to the pipeline's, as the dataset was). */
  recognize(samples: Float32Array, sampleRate: number): Recognition {
    const rate = this.sampleRate;
    if (rate === undefined)
      throw new DataError(`pipeline ${this.manifest.pipeline} does not take audio`, { hint: 'use run()' });
    const x = sampleRate === rate ? samples : resample(samples, sampleRate, rate);
    return this.run({ data: x, shape: [x.length, 1] });
  }

  /** Runs the pipeline on one input item as its source stage takes it (a waveform [n, 1], an image [h, w, c]...). */
  run(input: Item): Recognition {
    const items = new Map<string, Item>();
    const stages: Record<string, StageOutput> = {};
    const timings: Record<string, number> = {};
    for (const step of this.steps) {
      const t0 = performance.now();
      const { stage } = step;
      const x = stage.inputs.length ? items.get(stage.inputs[0]!) : input;
      if (!x) throw new DataError(`stage \`${stage.id}\`: its input \`${stage.inputs[0]}\` has not run`);
      const out = step.run(x);
      timings[stage.id] = performance.now() - t0;
      items.set(stage.id, out[0]!);
      stages[stage.id] = describeItem(stage, out[0]!, step.vocabulary);
      if (stage.op === 'network')
        for (let k = 1; k < out.length; k++) {
          const head = stage.heads[k]!;
          stages[`${stage.id}.${head.label}`] = describeItem(stage, out[k]!, [], head);
        }
    }
    const output = stages[this.manifest.output]!;
    const words =
      output.kind === 'words' ? output.words : output.kind === 'n-best' ? (output.hypotheses[0]?.words ?? []) : [];
    return { words, text: words.join(' '), output, stages, timings };
  }

  /** Frees the networks' weights. */
  dispose(): void {
    this.models.forEach((m) => m.dispose());
  }
}

async function loadModel(
  handler: ReturnType<ReturnType<typeof bundleReader>['model']>,
  stage: InferenceStage,
  where: string,
): Promise<tfl.LayersModel> {
  try {
    return await tfl.loadLayersModel(handler);
  } catch (err) {
    throw new DataError(`stage \`${stage.id}\`: cannot load its network from ${where}: ${(err as Error).message}`, {
      location: { stageId: stage.id },
      cause: err,
    });
  }
}
