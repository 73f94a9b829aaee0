import type { PortType } from '../core/port-type.js';
import { createStage } from '../execute/create-stage.js';
import type { RunServices } from '../execute/run-request.js';
import { computeLogMel } from '../features/log-mel.js';
import type { ExecutionPlan } from '../plan/execution-plan.js';
import type { ServiceLookup } from '../services/service-kind.js';
import type { Item } from '../core/item.js';
import type { LoadedDataset } from '../data/dataset.js';

/** What the pipeline's first feature stage computes for some examples. */
export interface ExampleFeatures {
  /** The stage that computed them, or `log-mel` when the pipeline has no per-example feature stage. */
  readonly stageId: string;
  readonly kind: string;
  readonly fallback: boolean;
  /** One [frames, dim] item per requested example. */
  readonly items: readonly Item[];
}

/**
 * Runs the plan's per-example steps (scope `all`, action `transform`: the hand-designed front end) on
 * the given examples only, in plan order, and returns the first output that is a feature matrix
 * ([frames, dim > 1]); without one, a log-mel of the waveform. Undefined when the input is not a waveform
 * and no stage makes features.
 */
export async function exampleFeatures(
  plan: ExecutionPlan,
  data: LoadedDataset,
  indices: readonly number[],
  services: RunServices,
  pipelineServices: ServiceLookup,
): Promise<ExampleFeatures | undefined> {
  const source = plan.steps.find((s) => s.action === 'source')!;
  const columns = new Map<string, Item[]>([[source.stage.id, indices.map((i) => data.examples[i]!.input)]]);
  const types = new Map<string, PortType>([[source.stage.id, source.stage.outputType]]);
  const signal = new AbortController().signal;
  for (const step of plan.steps) {
    const s = step.stage;
    if (step.action !== 'transform' || step.scope !== 'all' || !s.inputs.every((i) => columns.has(i))) continue;
    const env = {
      services,
      pipelineServices,
      serviceNames: plan.pipeline.services,
      labels: data.labels,
      signal,
      types,
    };
    const stage = await createStage(s, { ...env, emit: () => {} });
    try {
      const out = await stage.transform(s.inputs.map((i) => columns.get(i)!));
      columns.set(s.id, out);
      if (out.length > 0 && out.every(isMatrix)) return { stageId: s.id, kind: s.kind, fallback: false, items: out };
    } finally {
      stage.dispose?.();
    }
  }
  const rate = source.stage.outputType.kind === 'waveform' ? source.stage.outputType.dims[0] : undefined;
  if (typeof rate !== 'number') return undefined;
  const items = columns.get(source.stage.id)!.map((x) => {
    const m = computeLogMel(x.data, rate);
    return { data: m.data, shape: [m.numFrames, m.dim] };
  });
  return { stageId: 'log-mel', kind: 'log-mel', fallback: true, items };
}

function isMatrix(x: Item): boolean {
  return x.shape.length === 2 && (x.shape[1] ?? 0) > 1;
}
