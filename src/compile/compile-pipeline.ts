import { Graph } from '@dagrejs/graphlib';
import type { PortType } from '../core/port-type.js';
import { SpecError, type Problem } from '../errors/pipeline-error.js';
import type { PipelineSpec, Stage as StageSpec } from '../spec/generated/pipeline-spec.js';
import { resolveTraining } from '../spec/resolved-training.js';
import { validateAgainst } from '../spec/schema-validator.js';
import { pointer } from '../util/json-pointer.js';
import { didYouMean } from '../util/suggest.js';
import type { CompileCatalog } from './catalog.js';
import { checkSupervision } from './check-supervision.js';
import { compileDataset } from './compile-dataset.js';
import type { CompiledPipeline, CompiledStage, PipelineEdge } from './compiled-pipeline.js';
import { findCycles } from './find-cycle.js';
import { checkReachability, findOutputs } from './outputs.js';
import type { CompileContext, StageDescriptor } from './stage-descriptor.js';
import { stableTopologicalOrder } from './topological-order.js';
import { typeStage } from './type-stage.js';

/** Where the spec came from, for messages. */
export interface CompileOptions {
  readonly file?: string;
}

interface StageEntry {
  readonly spec: StageSpec;
  readonly index: number;
  /** The kind's descriptor, when the kind is known and the params passed its schema. */
  readonly descriptor: StageDescriptor | undefined;
  /** The kind's descriptor, when the kind is known (its params may have failed the schema). */
  readonly kind: StageDescriptor | undefined;
}

/**
 * Compiles a validated spec into a DAG of typed stages. Pure: no tf, no I/O. Every problem (unknown
 * kinds, params that fail their kind's schema, duplicate ids, dangling inputs, cycles, port
 * mismatches, unknown supervision, dead stages) is collected and thrown together as one SpecError.
 * A stage whose params fail their schema is not typed further, so no later check reads invalid params.
 */
export function compilePipeline(
  spec: PipelineSpec,
  catalog: CompileCatalog,
  options: CompileOptions = {},
): CompiledPipeline {
  const file = options.file;
  const problems: Problem[] = [];
  const add = (p: Omit<Problem, 'file'>) => problems.push({ file, ...p });

  const byId = new Map<string, StageEntry>();
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
    const descriptor = stageDescriptor(s, index, catalog, add, file);
    byId.set(s.id, { spec: s, index, descriptor, kind: catalog.stages.get(s.kind) });
  });
  const source = [...byId.values()].find((e) => (e.spec.inputs ?? []).length === 0);
  const dataset = compileDataset(spec, catalog, source?.descriptor !== undefined, add, file);
  const services = new Set(
    [...catalog.services.values()]
      .filter((k) => k.configured(spec) || (dataset?.kind.uses ?? []).includes(k.name))
      .map((k) => k.name),
  );

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
  const ds = dataset && { kind: dataset.kind.kind, description: dataset.description };
  const supervisions = new Map<string, CompileContext['supervision']>();
  if (ds) {
    for (const { spec: s, index, descriptor, kind } of byId.values()) {
      if (!kind) continue;
      // Params that failed their schema are never read: whether the stage must name a supervision
      // (which can depend on them) is then left open.
      const params = descriptor ? s.params : undefined;
      const sp = { id: s.id, pointer: pointer('stages', index), supervision: s.supervision, params };
      const own: Omit<Problem, 'file'>[] = [];
      supervisions.set(s.id, checkSupervision(sp, kind, ds, own));
      own.forEach(add);
    }
  }
  const types = new Map<string, PortType>();
  const compiled = new Map<string, CompiledStage>();
  if (dataset && ds && !cycles.length) {
    for (const id of order) {
      const { spec: s, index, descriptor } = byId.get(id)!;
      if (!descriptor) continue;
      const at = pointer('stages', index);
      const supervision = supervisions.get(id);
      const ctx: CompileContext = {
        dataset: dataset.description,
        supervision,
        services,
        vocabularySize: dataset.vocabularySize,
      };
      const inputs = (s.inputs ?? []).map((i) => ({ id: i, kind: byId.get(i)?.spec.kind ?? '?', type: types.get(i) }));
      const params = s.params as Record<string, unknown>;
      const typed = typeStage({ id, pointer: at, descriptor, params, inputs }, ds, ctx);
      typed.problems.forEach(add);
      if (!('outputType' in typed)) continue;
      types.set(id, typed.outputType);
      compiled.set(id, {
        id,
        pointer: at,
        kind: s.kind,
        descriptor,
        params,
        inputs: s.inputs ?? [],
        supervision: s.supervision,
        inputTypes: typed.inputTypes,
        outputType: typed.outputType,
        training: resolveTraining(spec.training, s.training),
      });
    }
  }

  const outputs = findOutputs(spec, new Set(byId.keys()), add);
  // With a dangling input or a cycle, reachability would only echo those problems.
  if (!cycles.length && !problems.some((p) => p.code === 'unknown-input')) {
    checkReachability(
      [...byId.values()].map((e) => ({ id: e.spec.id, index: e.index })),
      edges,
      outputs,
      add,
    );
  }
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
    services,
    outputs,
    primaryOutput: spec.evaluation?.output ?? outputs[outputs.length - 1]!,
  };
}

/** The descriptor of a stage's kind, when the kind is known and its params pass the kind's schema. */
function stageDescriptor(
  s: StageSpec,
  index: number,
  catalog: CompileCatalog,
  add: (p: Omit<Problem, 'file'>) => void,
  file: string | undefined,
): StageDescriptor | undefined {
  const descriptor = catalog.stages.get(s.kind);
  if (!descriptor) {
    add({
      code: 'unknown-stage-kind',
      pointer: pointer('stages', index, 'kind'),
      stageId: s.id,
      message: `unknown stage kind \`${s.kind}\``,
      hint: didYouMean(s.kind, [...catalog.stages.keys()].sort(), 'stage kind'),
    });
    return undefined;
  }
  s.params ??= {};
  const bad = validateAgainst(descriptor.paramsSchema, s.params, pointer('stages', index, 'params'), {
    file,
    stageId: s.id,
  });
  bad.forEach(add);
  return bad.length ? undefined : descriptor;
}
