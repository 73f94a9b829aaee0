import type { StepCache } from '../cache/step-cache.js';
import type { LoadedDataset } from '../data/dataset.js';
import { splitExamples, type SplitIndices } from '../data/split.js';
import type { ExecutionPlan } from '../plan/execution-plan.js';
import { PipelineServices } from '../services/pipeline-services.js';
import type { LoadedSpec } from '../spec/load-spec.js';
import { derivedData, loadData } from './load-data.js';
import { augmentDataset } from '../data/augment.js';
import { contentKey } from '../util/content-key.js';
import type { RunServices } from './run-request.js';

export interface PipelineData {
  readonly data: LoadedDataset;
  /** Cache key of the loaded data (part of every step key). */
  readonly key: string;
  readonly cached: boolean;
  readonly split: SplitIndices;
  /** The pipeline's services (e.g. the lexicon), shared by its dataset and stages. */
  readonly services: PipelineServices;
}

export interface PipelineDataOptions {
  readonly cache: StepCache;
  readonly progress?: (done: number, total: number, what: string) => void;
  readonly signal?: AbortSignal;
  /** Use every example as test data (evaluating on other recordings). */
  readonly allTest?: boolean;
}

/**
 * Loads a planned pipeline's data as its source stage requires (e.g. at its sample rate), through the
 * cache, with the pipeline's services, and splits it as the spec says. Shared by run, eval and data.
 */
export async function loadPipelineData(
  loaded: LoadedSpec,
  plan: ExecutionPlan,
  services: RunServices,
  o: PipelineDataOptions,
): Promise<PipelineData> {
  const spec = loaded.spec;
  const seed = spec.training?.seed ?? 1;
  const kind = plan.pipeline.dataset.kind;
  const pipelineServices = new PipelineServices(services.catalog.services, spec, kind.uses ?? []);
  const source = plan.steps.find((s) => s.action === 'source')!;
  const { data, key, cached } = await loadData(
    plan.pipeline.dataset.kind,
    plan.pipeline.dataset.params,
    {
      specDir: loaded.dir,
      requirements: source.stage.descriptor.requirements?.(source.stage.params) ?? {},
      onBadFile: spec.dataset.onBadFile ?? 'error',
      cacheDir: o.cache.root,
      services: pipelineServices,
      seed,
      progress: o.progress ?? (() => {}),
      ...(o.signal ? { signal: o.signal } : {}),
    },
    o.cache,
    pipelineServices.keys(kind.uses ?? []),
    services.catalog,
  );
  const augment = spec.dataset.augment;
  const dataKey = augment?.copies && !o.allTest ? contentKey({ key, augment, seed: spec.dataset.seed ?? 0 }) : key;
  const augmented =
    dataKey === key
      ? data
      : await derivedData(
          dataKey,
          'dataset augmented',
          o.cache,
          () => augmentDataset(data, augment!, spec.dataset.seed ?? 0),
          o.signal,
        );
  const all = augmented.examples.map((_, i) => i);
  const split = o.allTest
    ? { train: [], validation: [], test: all }
    : splitExamples(augmented.examples, spec.dataset, spec.dataset.seed ?? seed);
  return { data: augmented, key: dataKey, cached, split, services: pipelineServices };
}
