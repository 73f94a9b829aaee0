import { Graph } from '@dagrejs/graphlib';
import { SpecError, type Problem } from '../errors/pipeline-error.js';
import type { DatasetDescription } from '../data/dataset.js';
import type { PipelineSpec, Stage as StageSpec } from '../spec/generated/pipeline-spec.js';
import { resolveTraining } from '../spec/resolved-training.js';
import { validateAgainst } from '../spec/schema-validator.js';
import { fitKind, type CompileContext, type StageDescriptor } from '../stage/stage-descriptor.js';
import { pointer } from '../util/json-pointer.js';
import { didYouMean } from '../util/suggest.js';
import type { Catalog } from './catalog.js';
import type { CompiledPipeline, CompiledStage, PipelineEdge } from './compiled-pipeline.js';
import { findCycles } from './find-cycle.js';
import { formatPattern, formatPort, mismatch, type PortType } from './port-type.js';
import { stableTopologicalOrder } from './topological-order.js';

/** Facts compile may use beyond the spec (still no I/O): the phone alphabet size when there is a lexicon. */
export interface CompileOptions {
  readonly file?: string;
  readonly phoneAlphabetSize?: number;
}

/**
 * Compiles a validated spec into a DAG of typed stages. Pure: no tf, no I/O. Every problem (unknown
 * kinds, duplicate ids, dangling inputs, cycles, port mismatches, unknown supervision, dead stages)
 * is collected and thrown together as one SpecError.
 */
export function compilePipeline(spec: PipelineSpec, catalog: Catalog, options: CompileOptions = {}): CompiledPipeline {
  const file = options.file;
  const problems: Problem[] = [];
  const add = (p: Omit<Problem, 'file'>) => problems.push({ file, ...p });

  const dataset = compileDataset(spec, catalog, add, file);
  const byId = new Map<string, { spec: StageSpec; index: number; descriptor: StageDescriptor | undefined }>();
  spec.stages.forEach((s, index) => {
    const prev = byId.get(s.id);
    if (prev) {
      add({
        code: 'duplicate-stage-id',
        pointer: pointer('stages', index, 'id'),
        stageId: s.id,
        message: `duplicate stage id \`${s.id}\` (first used at /stages/${prev.index}/id)`,
        hint: 'give every stage a unique id',
      });
      return;
    }
    const descriptor = catalog.stages.get(s.kind);
    if (!descriptor) {
      add({
        code: 'unknown-stage-kind',
        pointer: pointer('stages', index, 'kind'),
        stageId: s.id,
        message: `unknown stage kind \`${s.kind}\``,
        hint: didYouMean(s.kind, [...catalog.stages.keys()].sort(), 'stage kind'),
      });
    } else {
      s.params ??= {};
      problems.push(
        ...validateAgainst(descriptor.paramsSchema, s.params, pointer('stages', index, 'params'), {
          file,
          stageId: s.id,
        }),
      );
    }
    byId.set(s.id, { spec: s, index, descriptor });
  });

  const supervisions = new Map<string, CompileContext['supervision']>();
  if (dataset) {
    for (const { spec: s, index, descriptor } of byId.values()) {
      if (descriptor)
        supervisions.set(s.id, checkSupervision(s, index, descriptor, dataset.description, add, dataset.kindName));
    }
  }

  // Edges, and inputs no stage produces.
  const edges: [string, string][] = [];
  for (const { spec: s, index } of byId.values()) {
    (s.inputs ?? []).forEach((input, k) => {
      if (!byId.has(input)) {
        add({
          code: 'unknown-input',
          pointer: pointer('stages', index, 'inputs', k),
          stageId: s.id,
          message: `no stage produces \`${input}\``,
          hint: didYouMean(
            input,
            [...byId.keys()].filter((x) => x !== s.id),
            'stage id',
          ),
        });
      } else edges.push([input, s.id]);
    });
  }
  const cycles = findCycles([...byId.keys()], edges);
  for (const c of cycles) {
    const first = byId.get(c[0]!)!;
    add({
      code: 'cycle',
      pointer: pointer('stages', first.index, 'inputs'),
      stageId: first.spec.id,
      message: `stages form a cycle: ${c.join(' -> ')}`,
      hint: 'a stage cannot depend on its own output; remove one of these inputs',
    });
  }

  const order = cycles.length ? [...byId.keys()] : stableTopologicalOrder([...byId.keys()], edges);
  const types = new Map<string, PortType>();
  const compiled = new Map<string, CompiledStage>();
  if (dataset && !cycles.length) {
    for (const id of order) {
      const { spec: s, index, descriptor } = byId.get(id)!;
      if (!descriptor) continue;
      const supervision = supervisions.get(id);
      const inputTypes = typeInputs(s, index, descriptor, dataset.description, types, add, spec, byId);
      if (!inputTypes) continue;
      const ctx: CompileContext = {
        dataset: dataset.description,
        supervision,
        phoneAlphabetSize: options.phoneAlphabetSize,
        vocabularySize: dataset.vocabularySize,
      };
      for (const p of descriptor.check?.(s.params, inputTypes, ctx) ?? []) {
        add({
          ...p,
          stageId: s.id,
          pointer: p.pointer !== undefined ? pointer('stages', index, 'params') + p.pointer : pointer('stages', index),
        });
      }
      const outputType = descriptor.output(s.params, inputTypes, ctx);
      types.set(id, outputType);
      compiled.set(id, {
        id,
        index,
        kind: s.kind,
        descriptor,
        params: s.params as Record<string, unknown>,
        inputs: s.inputs ?? [],
        supervision: s.supervision,
        inputTypes,
        outputType,
        training: resolveTraining(spec.training, s.training),
        spec: s,
      });
    }
  }

  const outputs = findOutputs(spec, byId, add);
  // With a dangling input or a cycle, reachability would only echo those problems.
  if (!cycles.length && !problems.some((p) => p.code === 'unknown-input'))
    checkReachability(spec, byId, edges, outputs, add);
  checkEndToEnd(spec, byId, catalog, add);
  if (problems.length) throw new SpecError(problems, file);

  const graph = new Graph<unknown, CompiledStage, PipelineEdge>({ directed: true });
  for (const id of order) graph.setNode(id, compiled.get(id)!);
  for (const s of compiled.values())
    s.inputs.forEach((input, port) => graph.setEdge(input, s.id, { port, type: types.get(input)! }));
  return {
    spec,
    file,
    graph,
    order,
    dataset: { kind: dataset!.kind, params: dataset!.params, description: dataset!.description },
    outputs,
    primaryOutput: spec.evaluation?.output ?? outputs[outputs.length - 1]!,
  };
}

function compileDataset(
  spec: PipelineSpec,
  catalog: Catalog,
  add: (p: Omit<Problem, 'file'>) => void,
  file: string | undefined,
) {
  const kind = catalog.datasets.get(spec.dataset.kind);
  if (!kind) {
    add({
      code: 'unknown-dataset-kind',
      pointer: '/dataset/kind',
      message: `unknown dataset kind \`${spec.dataset.kind}\``,
      hint: didYouMean(spec.dataset.kind, [...catalog.datasets.keys()].sort(), 'dataset kind'),
    });
    return undefined;
  }
  const params = (spec.dataset.params ??= {}) as Record<string, unknown>;
  const problems = validateAgainst(kind.paramsSchema, params, '/dataset/params', { file });
  problems.forEach((p) => add(p));
  if (problems.length) return undefined;
  const source = spec.stages.find((s) => (s.inputs ?? []).length === 0);
  const sourceDescriptor = source ? catalog.stages.get(source.kind) : undefined;
  const requirements = sourceDescriptor?.requirements?.((source!.params ?? {}) as never) ?? {};
  const description: DatasetDescription = kind.describe(params as never, requirements);
  const vocab = kind.vocabulary?.(params as never);
  return { kind, kindName: kind.kind, params, description, vocabularySize: vocab?.length };
}

function typeInputs(
  s: StageSpec,
  index: number,
  d: StageDescriptor,
  dataset: DatasetDescription,
  types: Map<string, PortType>,
  add: (p: Omit<Problem, 'file'>) => void,
  spec: PipelineSpec,
  byId: Map<string, { descriptor: StageDescriptor | undefined }>,
): PortType[] | undefined {
  const patterns = d.inputs(s.params);
  const inputs = s.inputs ?? [];
  if (inputs.length === 0) {
    if (d.endToEnd !== 'source') {
      add({
        code: 'missing-inputs',
        pointer: pointer('stages', index),
        stageId: s.id,
        message:
          `stage kind \`${d.kind}\` needs ${patterns.length} input${patterns.length === 1 ? '' : 's'} ` +
          `(${patterns.map(formatPattern).join(', ')})`,
        hint: 'add "inputs": [<id of the stage that feeds it>]',
      });
      return undefined;
    }
    const why = patterns[0] ? mismatch(dataset.input, patterns[0]) : undefined;
    if (why) {
      add({
        code: 'port-mismatch',
        pointer: pointer('stages', index, 'kind'),
        stageId: s.id,
        message: `\`${s.id}\` (${d.kind}) ${why} from dataset \`${spec.dataset.kind}\``,
        hint: 'use the input stage kind that matches the dataset',
      });
      return undefined;
    }
    return [dataset.input];
  }
  if (d.endToEnd === 'source') {
    add({
      code: 'unexpected-inputs',
      pointer: pointer('stages', index, 'inputs'),
      stageId: s.id,
      message: `stage kind \`${d.kind}\` reads the dataset and takes no inputs`,
      hint: 'remove "inputs"',
    });
    return undefined;
  }
  if (inputs.length !== patterns.length) {
    add({
      code: 'wrong-input-count',
      pointer: pointer('stages', index, 'inputs'),
      stageId: s.id,
      message:
        `stage kind \`${d.kind}\` takes ${patterns.length} input${patterns.length === 1 ? '' : 's'} ` +
        `(${patterns.map((p) => `${p.name}: ${formatPattern(p)}`).join(', ')}), got ${inputs.length}`,
    });
    return undefined;
  }
  const out: PortType[] = [];
  let ok = true;
  inputs.forEach((input, k) => {
    const t = types.get(input);
    if (!t) {
      ok = false; // the producer has its own problem already (unknown kind, bad params)
      return;
    }
    const why = mismatch(t, patterns[k]!);
    if (why) {
      ok = false;
      const producer = byId.get(input)?.descriptor?.kind ?? '?';
      add({
        code: 'port-mismatch',
        pointer: pointer('stages', index, 'inputs', k),
        stageId: s.id,
        message:
          `\`${s.id}\` (${d.kind}) input \`${patterns[k]!.name}\` ${why} ` +
          `from \`${input}\` (${producer}, output ${formatPort(t)})`,
        hint: 'insert a stage that converts between them, or change the input',
      });
    }
    out.push(t);
  });
  return ok ? out : undefined;
}

function checkSupervision(
  s: StageSpec,
  index: number,
  d: StageDescriptor,
  dataset: DatasetDescription,
  add: (p: Omit<Problem, 'file'>) => void,
  datasetKind: string,
): CompileContext['supervision'] {
  const accepted = [...(d.labelKinds ?? []), ...(d.evaluatesAgainst ?? [])];
  const provided = Object.entries(dataset.labels);
  if (s.supervision === undefined) {
    if (fitKind(d, s.params) === 'supervised') {
      const fitting = provided.filter(([, l]) => (d.labelKinds ?? []).includes(l.kind)).map(([n]) => n);
      add({
        code: 'missing-supervision',
        pointer: pointer('stages', index),
        stageId: s.id,
        message: `stage kind \`${d.kind}\` trains on labels but \`${s.id}\` names no supervision`,
        hint: fitting.length
          ? `add "supervision": one of ${fitting.map((x) => `"${x}"`).join(', ')}`
          : `dataset \`${datasetKind}\` provides no ${(d.labelKinds ?? []).join(' or ')} labels`,
      });
    }
    return undefined;
  }
  const label = dataset.labels[s.supervision];
  if (!label) {
    add({
      code: 'unknown-supervision',
      pointer: pointer('stages', index, 'supervision'),
      stageId: s.id,
      message:
        `dataset \`${datasetKind}\` provides no label \`${s.supervision}\` ` +
        `(it provides ${provided.map(([n]) => `\`${n}\``).join(', ') || 'none'})`,
      hint: didYouMean(
        s.supervision,
        provided.map(([n]) => n),
        'label',
      ),
    });
    return undefined;
  }
  if (accepted.length === 0) {
    add({
      code: 'unexpected-supervision',
      pointer: pointer('stages', index, 'supervision'),
      stageId: s.id,
      message: `stage kind \`${d.kind}\` neither trains on nor is evaluated against labels`,
      hint: 'remove "supervision"',
    });
    return undefined;
  }
  if (!accepted.includes(label.kind)) {
    add({
      code: 'supervision-kind',
      pointer: pointer('stages', index, 'supervision'),
      stageId: s.id,
      message:
        `label \`${s.supervision}\` is a ${label.kind} label ` +
        `but stage kind \`${d.kind}\` takes ${accepted.join(' or ')} labels`,
    });
    return undefined;
  }
  return { ...label, name: s.supervision };
}

function findOutputs(
  spec: PipelineSpec,
  byId: Map<string, { spec: StageSpec; index: number }>,
  add: (p: Omit<Problem, 'file'>) => void,
): string[] {
  const consumed = new Set(spec.stages.flatMap((s) => s.inputs ?? []));
  const outs = spec.stages.filter((s) => !consumed.has(s.id) && s.supervision !== undefined).map((s) => s.id);
  const declared = spec.evaluation?.output;
  if (declared !== undefined) {
    if (!byId.has(declared)) {
      add({
        code: 'unknown-stage',
        pointer: '/evaluation/output',
        message: `no stage \`${declared}\``,
        hint: didYouMean(declared, [...byId.keys()], 'stage id'),
      });
    } else if (!outs.includes(declared)) outs.push(declared);
  }
  if (outs.length === 0 && byId.size > 0) {
    add({
      code: 'no-output',
      pointer: '/stages',
      message: 'the pipeline has no output: no final stage names a supervision to be evaluated against',
      hint: 'give the last stage "supervision", or set evaluation.output',
    });
  }
  return [...new Set(outs)];
}

function checkReachability(
  spec: PipelineSpec,
  byId: Map<string, { spec: StageSpec; index: number }>,
  edges: [string, string][],
  outputs: string[],
  add: (p: Omit<Problem, 'file'>) => void,
): void {
  if (outputs.length === 0) return;
  const reaches = new Set(outputs);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [a, b] of edges)
      if (reaches.has(b) && !reaches.has(a)) {
        reaches.add(a);
        grew = true;
      }
  }
  for (const { spec: s, index } of byId.values()) {
    if (!reaches.has(s.id)) {
      add({
        code: 'dead-stage',
        pointer: pointer('stages', index),
        stageId: s.id,
        message: `stage \`${s.id}\` reaches no output (outputs: ${outputs.map((o) => `\`${o}\``).join(', ')})`,
        hint: 'feed it into a stage that leads to an output, give it a supervision, or remove it',
      });
    }
  }
}

function checkEndToEnd(
  spec: PipelineSpec,
  byId: Map<string, { spec: StageSpec; index: number }>,
  catalog: Catalog,
  add: (p: Omit<Problem, 'file'>) => void,
): void {
  const e = spec.endToEnd;
  if (!e) return;
  const ids = [...byId.keys()];
  for (const key of ['from', 'output'] as const) {
    const v = e[key];
    if (v !== undefined && !byId.has(v))
      add({
        code: 'unknown-stage',
        pointer: `/endToEnd/${key}`,
        message: `no stage \`${v}\``,
        hint: didYouMean(v, ids, 'stage id'),
      });
  }
  for (const [id, kind] of Object.entries(e.replace ?? {})) {
    if (!byId.has(id))
      add({
        code: 'unknown-stage',
        pointer: pointer('endToEnd', 'replace', id),
        message: `no stage \`${id}\` to replace`,
        hint: didYouMean(id, ids, 'stage id'),
      });
    if (!catalog.stages.has(kind))
      add({
        code: 'unknown-stage-kind',
        pointer: pointer('endToEnd', 'replace', id),
        message: `unknown stage kind \`${kind}\``,
        hint: didYouMean(kind, [...catalog.stages.keys()], 'stage kind'),
      });
  }
}
