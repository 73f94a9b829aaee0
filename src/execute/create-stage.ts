import type { CompiledStage } from '../compile/compiled-pipeline.js';
import type { CompileContext } from '../compile/stage-descriptor.js';
import type { LabelInfo } from '../core/label.js';
import type { PortType } from '../core/port-type.js';
import type { EventPayload } from '../events/run-event.js';
import type { ServiceLookup } from '../services/service-kind.js';
import { CollapsedNetworkStage } from '../stage/collapsed-network-stage.js';
import type { NetworkMember, Stage } from '../stage/stage.js';
import type { StageContext, StageHeads, StageReporter } from '../stage/stage-context.js';
import { deriveSeed } from '../util/random.js';
import type { RunServices } from './run-request.js';

export interface StageEnvironment {
  readonly services: RunServices;
  /** The pipeline's services (e.g. the lexicon), for the kinds that inject them. */
  readonly pipelineServices: ServiceLookup;
  /** Names of the pipeline's services, as compile told the descriptors. */
  readonly serviceNames: ReadonlySet<string>;
  readonly labels: Readonly<Record<string, LabelInfo>>;
  readonly emit: (e: EventPayload) => void;
  readonly signal: AbortSignal;
  /** Runtime input types by stage id (dims resolved from the loaded data). */
  readonly types?: Map<string, PortType>;
  /** Epoch checkpoints of the stage's training. */
  readonly checkpointDir?: string;
  /** The trained network the stage starts from, when its node has `init` (resolved by the runner). */
  readonly initFrom?: { readonly modelDir: string; readonly source: string };
}

const NO_EXTRA_HEADS: StageHeads = { weight: 1, extra: [], separate: false };

/**
 * Creates the runtime instance of a compiled node: resolves its types with what the loaded data
 * tells (class counts), derives its seed, wires its reporter to events, and asks the stage factory
 * for the instance. A node with `members` (a collapsed chain) becomes one network built from them.
 */
export async function createStage(s: CompiledStage, env: StageEnvironment): Promise<Stage> {
  const inputTypes = s.inputs.length ? s.inputs.map((i, k) => env.types?.get(i) ?? s.inputTypes[k]!) : s.inputTypes;
  if (s.members) {
    let inputType = inputTypes[0]!;
    const members: (Stage & NetworkMember)[] = [];
    for (const m of s.members) {
      const ctx = contextFor({ ...m, inputTypes: [inputType] }, env, s.id);
      inputType = ctx.outputType;
      members.push((await env.services.stages.create(m, ctx, env.pipelineServices)) as Stage & NetworkMember);
    }
    const ctx = contextFor({ ...s, inputTypes }, env, s.id);
    env.types?.set(s.id, inputType);
    return new CollapsedNetworkStage(
      { ...ctx, outputType: inputType },
      members,
      s.members.map((m) => m.id),
      s.members.map((m) => m.pointer),
    );
  }
  const ctx = contextFor({ ...s, inputTypes }, env, s.id);
  env.types?.set(s.id, ctx.outputType);
  return env.services.stages.create(s, ctx, env.pipelineServices);
}

function contextFor(s: CompiledStage, env: StageEnvironment, reportAs: string): StageContext {
  const named = (name: string) => ({ ...env.labels[name]!, name });
  const supervision = s.supervision && env.labels[s.supervision] ? named(s.supervision) : undefined;
  const ctx: CompileContext = {
    dataset: { input: s.inputTypes[0]!, labels: {}, hasOfficialSplit: false, hasGroups: false },
    supervision: supervision ? { ...supervision, size: supervision.names.length } : undefined,
    services: env.serviceNames,
    vocabularySize: undefined,
  };
  const heads: StageHeads = s.heads
    ? { ...s.heads, extra: s.heads.extra.map((h) => ({ label: named(h.supervision), weight: h.weight })) }
    : NO_EXTRA_HEADS;
  return {
    ...(env.checkpointDir ? { checkpointDir: env.checkpointDir } : {}),
    ...(s.init && env.initFrom ? { init: { ...s.init, ...env.initFrom } } : {}),
    stageId: s.id,
    pointer: s.pointer,
    kind: s.kind,
    params: s.params,
    seed: deriveSeed(s.training.seed, s.id),
    training: s.training,
    inputTypes: s.inputTypes,
    outputType: s.descriptor.output(s.params, s.inputTypes, ctx),
    supervision,
    heads,
    report: reporter(reportAs, env.emit),
    signal: env.signal,
  };
}

/** Turns a stage's reports into events; batch progress at most every 200 ms (and each epoch's last batch). */
export function reporter(stageId: string, emit: (e: EventPayload) => void): StageReporter {
  let last = 0;
  return {
    epoch: (e) => emit({ type: 'epoch-end', stageId, ...e }),
    batch: (b) => {
      const now = Date.now();
      if (b.batch === b.batches || now - last >= 200) {
        last = now;
        emit({ type: 'batch-progress', stageId, ...b });
      }
    },
    log: (level, message) => emit({ type: 'log', stageId, level, message }),
  };
}
