import type { CompiledPipeline, CompiledStage } from '../compile/compiled-pipeline.js';
import type { StageDescriptor } from '../compile/stage-descriptor.js';
import { typeStage } from '../compile/type-stage.js';
import { formatPort, mismatch, type PortType } from '../core/port-type.js';
import type { PipelineSpec } from '../spec/generated/pipeline-spec.js';
import { overrideTraining } from '../spec/resolved-training.js';
import { validateAgainst } from '../spec/schema-validator.js';
import { loadSchema } from '../util/package-root.js';
import { didYouMean } from '../util/suggest.js';
import type { CollapseParams } from './generated/collapse.js';
import { chainTo, freshId, mergedInto, rebuildPipeline } from './graph-edit.js';
import type {
  GraphChange,
  TransformContext,
  TransformKind,
  TransformOutcome,
  TransformProblem,
} from './transform-kind.js';

/** Kind of the node a collapse makes: one network built from its member stages' layers. */
const NETWORK_KIND = 'collapsed-network';

const networkDescriptor: StageDescriptor = {
  kind: NETWORK_KIND,
  description: 'A chain of stages collapsed into one network, trained on the labels of its last stage only.',
  version: 1,
  paramsSchema: {},
  inputs: () => [{ name: 'input', kinds: ['waveform', 'frames', 'posteriors', 'vector', 'image'] }],
  output: (_p, inputs) => inputs[0]!,
  fit: 'supervised',
  collapse: 'layers',
};

/**
 * The collapse transform: the stages from `from` to `to` become one network node (its `members`),
 * trained on `to`'s labels only. Hand-designed stages inside the chain are replaced by their learned
 * counterparts; decoders at the end of the chain stay as stages after the network. Pure.
 */
export const collapseTransform: TransformKind<CollapseParams> = {
  kind: 'collapse',
  description: 'Collapse a chain of stages into one network trained on the labels of its last stage.',
  paramsSchema: loadSchema('transforms/collapse.schema.json'),
  apply: collapse,
};

/** Collapse params that the `endToEnd` block spells differently: param -> its name there. */
export const END_TO_END_NAMES: Readonly<Record<string, string>> = { after: 'from', to: 'output' };

/** The `collapse` params that `"mode": "end-to-end"` and the `endToEnd` block stand for. */
export function endToEndParams(spec: PipelineSpec): Record<string, unknown> {
  const e = spec.endToEnd ?? {};
  return {
    ...(e.from !== undefined ? { after: e.from } : {}),
    ...(e.output !== undefined ? { to: e.output } : {}),
    ...(e.features !== undefined ? { features: e.features } : {}),
    ...(e.replace !== undefined ? { replace: e.replace } : {}),
    ...(e.replaceParams !== undefined ? { replaceParams: e.replaceParams } : {}),
    ...(e.training !== undefined ? { training: e.training } : {}),
  };
}

function collapse(p: CompiledPipeline, params: CollapseParams, ctx: TransformContext): TransformOutcome {
  const problems: TransformProblem[] = [];
  const at = (key: string) => `${ctx.pointer}/${key}`;
  const problem = (x: TransformProblem) => problems.push(x);
  for (const key of ['from', 'after', 'to'] as const) {
    const id = params[key];
    if (id !== undefined && !p.graph.hasNode(id)) problem(unknownStage(p, id, at(key)));
  }
  if (params.from !== undefined && params.after !== undefined) {
    problem({
      code: 'conflicting-params',
      pointer: at('after'),
      message: '`from` and `after` both say where the chain starts',
      hint: 'give one of them',
    });
  }
  for (const [id, kind] of Object.entries(params.replace)) {
    if (!p.graph.hasNode(id)) problem(unknownStage(p, id, `${at('replace')}/${id}`));
    if (!ctx.catalog.stages.has(kind)) {
      problem({
        code: 'unknown-stage-kind',
        pointer: `${at('replace')}/${id}`,
        message: `unknown stage kind \`${kind}\``,
        hint: didYouMean(kind, [...ctx.catalog.stages.keys()], 'stage kind'),
      });
    }
  }
  if (problems.length) return { problems };

  const node = (id: string) => p.graph.node(id)!;
  const toId = params.to ?? defaultOutput(p);
  if (!toId) {
    return {
      problems: [
        {
          code: 'no-collapse-output',
          pointer: ctx.pointer,
          message: 'no trainable stage with a supervision leads to the output, so there is nothing to collapse',
          hint: 'name the stage whose labels should train the network in `to` (endToEnd.output)',
        },
      ],
    };
  }
  const chain = chainTo(p, toId);
  let start: number;
  if (params.from !== undefined || params.after !== undefined) {
    const named = (params.from ?? params.after)!;
    const i = chain.indexOf(named);
    if (i < 0) {
      return {
        problems: [
          {
            code: 'not-a-chain',
            pointer: at(params.from !== undefined ? 'from' : 'after'),
            stageId: named,
            message:
              `cannot collapse \`${named}\`..\`${toId}\`: \`${toId}\` does not follow \`${named}\` ` +
              `(the chain to \`${toId}\` is ${chain.join(' -> ')})`,
            hint: `start at one of ${chain.slice(1).join(', ')}`,
          },
        ],
      };
    }
    start = params.from !== undefined ? i : i + 1;
  } else {
    // Hand-designed stages after the source stay as preprocessing (all of them with fixed features;
    // with learned features, those that have no learned counterpart).
    start = 1;
    const keep = (s: CompiledStage) =>
      s.descriptor.collapse === 'fixed' &&
      (params.features === 'fixed' || (params.replace[s.id] ?? s.descriptor.learnedReplacement) === undefined);
    while (start < chain.length && keep(node(chain[start]!))) start++;
  }
  const first = chain[start];
  const span = `\`${first ?? toId}\`..\`${toId}\``;
  if (start === 0) {
    return {
      problems: [
        {
          code: 'not-collapsible',
          pointer: at('from'),
          stageId: chain[0],
          message: `cannot collapse ${span}: \`${chain[0]}\` reads the dataset, so the network starts after it`,
          hint: `start at \`${chain[1] ?? toId}\``,
        },
      ],
    };
  }
  if (start >= chain.length) {
    return {
      problems: [
        {
          code: 'nothing-to-collapse',
          pointer: ctx.pointer,
          message: `nothing to collapse: \`${toId}\` is where the chain starts`,
          hint: 'name a later stage in `to`',
        },
      ],
    };
  }

  const before = node(chain[start - 1]!);
  const members: CompiledStage[] = [];
  const decoders: CompiledStage[] = [];
  const changes: GraphChange[] = [];
  let input: PortType = before.outputType;
  for (const id of chain.slice(start)) {
    const s = node(id);
    const role = s.descriptor.collapse;
    const inChain = `cannot collapse ${span}:`;
    if (decoders.length && role !== 'decoder') {
      const d = decoders[0]!;
      problem({
        code: 'not-collapsible',
        pointer: s.pointer,
        stageId: id,
        message:
          `${inChain} \`${d.id}\` (${d.kind}) is a decoder, not differentiable, ` +
          `and comes before \`${id}\` (${s.kind})`,
        hint: `end the chain before \`${d.id}\``,
      });
      break;
    }
    if (s.inputs.length !== 1) {
      problem({
        code: 'not-collapsible',
        pointer: `${s.pointer}/inputs`,
        stageId: id,
        message: `${inChain} \`${id}\` (${s.kind}) reads ${s.inputs.length} inputs; a chain stage reads one`,
      });
      break;
    }
    if (role === 'decoder') {
      decoders.push(s);
      continue;
    }
    if (role === 'source') {
      problem({
        code: 'not-collapsible',
        pointer: s.pointer,
        stageId: id,
        message: `${inChain} \`${id}\` (${s.kind}) reads the dataset`,
      });
      break;
    }
    if (role === 'fixed') {
      const replaced = replacement(p, s, input, params, ctx, span, problems);
      if (!replaced) break;
      changes.push({
        action: 'replace-stage',
        nodes: [id],
        summary: `\`${id}\` (${s.kind}) becomes learned: ${replaced.kind}`,
      });
      members.push(replaced);
      input = replaced.outputType;
      continue;
    }
    const pattern = s.descriptor.inputs(s.params)[0];
    const why = pattern ? mismatch(input, pattern) : undefined;
    if (why) {
      const prev = members[members.length - 1]?.id ?? before.id;
      problem({
        code: 'port-mismatch',
        pointer: `${s.pointer}/inputs/0`,
        stageId: id,
        message: `${inChain} \`${prev}\` and \`${id}\` do not connect inside the network: \`${id}\` (${s.kind}) ${why}`,
      });
      break;
    }
    members.push({ ...s, inputTypes: [input] });
    input = s.outputType;
  }
  if (problems.length) return { problems };
  if (members.length === 0) {
    return {
      problems: [
        {
          code: 'nothing-to-collapse',
          pointer: ctx.pointer,
          message: `nothing to collapse: no stage of ${span} has layers`,
        },
      ],
    };
  }
  const memberIds = new Set(members.map((m) => m.id));
  const last = members[members.length - 1]!;
  for (const id of p.order) {
    const n = node(id);
    if (memberIds.has(id)) continue;
    n.inputs.forEach((i, k) => {
      if (memberIds.has(i) && i !== last.id) {
        problem({
          code: 'not-collapsible',
          pointer: `${n.pointer}/inputs/${k}`,
          stageId: id,
          message: `cannot collapse ${span}: \`${id}\` reads \`${i}\`, which the network would swallow`,
          hint: `end the chain at \`${i}\`, or feed \`${id}\` from another stage`,
        });
      }
    });
  }
  const to = node(toId);
  const supervision = to.supervision ?? last.supervision;
  if (supervision === undefined) {
    problem({
      code: 'missing-supervision',
      pointer: to.pointer,
      stageId: toId,
      message: `\`${toId}\` names no supervision, so the network collapsed up to it has no labels to train on`,
      hint: 'give it "supervision", or end the chain at a supervised stage',
    });
  }
  if (problems.length) return { problems };

  const id = params.id === 'network' ? freshId(p, 'network') : params.id;
  const network: CompiledStage = {
    id,
    pointer: ctx.pointer,
    kind: NETWORK_KIND,
    descriptor: networkDescriptor,
    params: { members: members.map((m) => `${m.id}:${m.kind}`) },
    inputs: [before.id],
    supervision,
    inputTypes: [before.outputType],
    outputType: last.outputType,
    training: overrideTraining(last.training, params.training),
    members: members.map((m) => (m === last ? { ...m, supervision } : m)),
  };
  const renamed = new Map([...memberIds].map((m) => [m, id]));
  const nodes = p.order.flatMap((n) => {
    if (n === last.id) return [network];
    if (memberIds.has(n)) return [];
    const x = node(n);
    return [x.inputs.includes(last.id) ? { ...x, inputs: x.inputs.map((i) => (i === last.id ? id : i)) } : x];
  });
  const merged = [...memberIds].map((m) => `\`${m}\``).join(' + ');
  const decoded = decoders.length
    ? `; ${decoders.map((d) => `\`${d.id}\``).join(', ')} ${decoders.length > 1 ? 'decode' : 'decodes'} its output`
    : '';
  changes.unshift({
    action: 'merge',
    nodes: [id, ...memberIds],
    summary:
      `${merged} -> one network \`${id}\` on ${formatPort(before.outputType)} from \`${before.id}\`, ` +
      `trained on \`${supervision}\` only${decoded}`,
  });
  return { pipeline: rebuildPipeline(p, nodes, renamed), changes };
}

/** The learned stage that stands for a hand-designed one inside the network, typed on `input`. */
function replacement(
  pipeline: CompiledPipeline,
  s: CompiledStage,
  input: PortType,
  params: CollapseParams,
  ctx: TransformContext,
  span: string,
  problems: TransformProblem[],
): CompiledStage | undefined {
  const kind = params.replace[s.id] ?? s.descriptor.learnedReplacement;
  if (!kind) {
    problems.push({
      code: 'not-collapsible',
      pointer: s.pointer,
      stageId: s.id,
      message:
        `cannot collapse ${span}: \`${s.id}\` (${s.kind}) is hand-designed, not differentiable, ` +
        'and has no learned replacement',
      hint: `start the chain after \`${s.id}\`, or name a replacement in \`replace\``,
    });
    return undefined;
  }
  const d = ctx.catalog.stages.get(kind)!;
  const pointer = `${ctx.pointer}/replaceParams/${s.id}`;
  const p = structuredClone(params.replaceParams[s.id] ?? {}) as Record<string, unknown>;
  const bad = validateAgainst(d.paramsSchema, p, pointer, { stageId: s.id });
  if (bad.length) {
    problems.push(...bad);
    return undefined;
  }
  const pattern = d.inputs(p)[0];
  const why = pattern ? mismatch(input, pattern) : 'reads the dataset, not a stage';
  if (why) {
    problems.push({
      code: 'port-mismatch',
      pointer,
      stageId: s.id,
      message: `cannot collapse ${span}: the learned replacement of \`${s.id}\` (${kind}) ${why}`,
    });
    return undefined;
  }
  const dataset = { kind: pipeline.dataset.kind.kind, description: pipeline.dataset.description };
  const compileContext = {
    dataset: dataset.description,
    supervision: undefined,
    services: pipeline.services,
    vocabularySize: undefined,
  };
  const inputs = [{ id: s.inputs[0]!, kind: pipeline.graph.node(s.inputs[0]!)?.kind ?? '?', type: input }];
  const typed = typeStage({ id: s.id, pointer, descriptor: d, params: p, inputs }, dataset, compileContext);
  problems.push(...typed.problems);
  if (!('outputType' in typed)) return undefined;
  return {
    ...s,
    kind,
    descriptor: d,
    params: p,
    inputTypes: [input],
    outputType: typed.outputType,
    supervision: undefined,
  };
}

/** The last trainable stage with a supervision on the chain to the primary output. */
function defaultOutput(p: CompiledPipeline): string | undefined {
  return [...chainTo(p, p.primaryOutput)].reverse().find((id) => {
    const s = p.graph.node(id)!;
    return s.descriptor.collapse === 'layers' && s.supervision !== undefined;
  });
}

function unknownStage(p: CompiledPipeline, id: string, pointer: string): TransformProblem {
  const network = mergedInto(p, id);
  return network
    ? {
        code: 'unknown-stage',
        pointer,
        message: `stage \`${id}\` is already part of the collapsed network \`${network.id}\``,
        hint: 'collapse the network itself, or collapse once',
      }
    : { code: 'unknown-stage', pointer, message: `no stage \`${id}\``, hint: didYouMean(id, p.order, 'stage id') };
}
