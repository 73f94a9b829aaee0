import type { CompiledStage } from '../compile/compiled-pipeline.js';
import type { PortType } from '../compile/port-type.js';
import type { LabelInfo } from '../data/label-info.js';
import type { EventPayload } from '../events/run-event.js';
import type { Lexicon } from '../speech/lexicon.js';
import type { NetworkMember, Stage } from '../stage/stage.js';
import type { StageContext, StageReporter } from '../stage/stage-context.js';
import type { CompileContext } from '../stage/stage-descriptor.js';
import { CollapsedNetworkStage } from '../transforms/collapsed-network-stage.js';
import { isNetworkNode } from '../transforms/collapse.js';
import { deriveSeed } from '../util/random.js';
import { PHONE_ALPHABET_SIZE } from '../speech/phone-alphabet-size.js';
import type { RunServices } from './run-request.js';

export interface StageEnvironment {
  readonly services: RunServices;
  readonly labels: Readonly<Record<string, LabelInfo>>;
  readonly lexicon: Lexicon | undefined;
  readonly emit: (e: EventPayload) => void;
  readonly signal: AbortSignal;
  /** Runtime input types by stage id (dims resolved from the loaded data). */
  readonly types?: Map<string, PortType>;
  /** Epoch checkpoints of the stage's training. */
  readonly checkpointDir?: string;
  /** The resolved source of the stage's transfer transform. */
  readonly transfer?: { readonly modelDir: string; readonly source: string } | undefined;
}

/**
 * Creates the runtime instance of a compiled stage: resolves its types with what the loaded data
 * tells (class counts), derives its seed, wires its reporter to events, and asks the stage factory
 * (the container) for the instance. The collapsed network is assembled from its members here.
 */
export function createStage(s: CompiledStage, env: StageEnvironment): Stage {
  const inputTypes = s.inputs.length ? s.inputs.map((i, k) => env.types?.get(i) ?? s.inputTypes[k]!) : s.inputTypes;
  if (isNetworkNode(s)) {
    let inputType = inputTypes[0]!;
    const members = s.members.map((m) => {
      const ctx = contextFor({ ...m, inputTypes: [inputType] }, env, s.id);
      inputType = ctx.outputType;
      return env.services.stages.create(m, ctx) as Stage & NetworkMember;
    });
    const head = s.members[s.members.length - 1]!;
    const ctx = contextFor({ ...s, inputTypes, supervision: s.supervision ?? head.supervision }, env, s.id);
    env.types?.set(s.id, inputType);
    return new CollapsedNetworkStage(
      { ...ctx, outputType: inputType },
      members,
      s.members.map((m) => m.id),
    );
  }
  const ctx = contextFor({ ...s, inputTypes }, env, s.id);
  env.types?.set(s.id, ctx.outputType);
  return env.services.stages.create(s, ctx);
}

function contextFor(s: CompiledStage, env: StageEnvironment, reportAs: string): StageContext {
  const label = s.supervision ? env.labels[s.supervision] : undefined;
  const supervision = label && s.supervision ? { ...label, name: s.supervision } : undefined;
  const ctx: CompileContext = {
    dataset: { input: s.inputTypes[0]!, labels: {}, hasOfficialSplit: false, hasGroups: false },
    supervision: supervision ? { ...supervision, size: supervision.names.length } : undefined,
    phoneAlphabetSize: env.lexicon ? PHONE_ALPHABET_SIZE : undefined,
    vocabularySize: undefined,
  };
  const outputType = s.descriptor.output(s.params, s.inputTypes, ctx);
  const aux = (s.multitask?.heads ?? []).map((h) => ({ ...env.labels[h.supervision]!, name: h.supervision }));
  return {
    ...(env.checkpointDir ? { checkpointDir: env.checkpointDir } : {}),
    ...(s.transfer && env.transfer
      ? { transfer: { config: s.transfer, modelDir: env.transfer.modelDir, source: env.transfer.source } }
      : {}),
    ...(s.multitask ? { multitask: { config: s.multitask, heads: aux } } : {}),
    stageId: s.id,
    kind: s.kind,
    params: s.params,
    seed: deriveSeed(s.training.seed, s.id),
    training: s.training,
    inputTypes: s.inputTypes,
    outputType,
    supervision,
    lexicon: env.lexicon,
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
