import type { DatasetDescription } from '../core/dataset-description.js';
import { formatPattern, formatPort, mismatch, type PortType } from '../core/port-type.js';
import type { Problem } from '../errors/pipeline-error.js';
import type { CompileContext, StageDescriptor } from './stage-descriptor.js';

/** A problem found while typing a stage: pointer and stage id are filled in, the file by the caller. */
export type StageProblem = Omit<Problem, 'file'>;

/** One input of a stage being typed: the producing stage, its kind and output type (when it has one). */
export interface TypedInput {
  readonly id: string;
  readonly kind: string;
  /** Undefined when the producer could not be typed (it has its own problem already). */
  readonly type: PortType | undefined;
}

/** What typeStage needs to know about the stage. */
export interface StageToType {
  readonly id: string;
  /** JSON pointer of the stage's definition (`/stages/2`); problems point below it. */
  readonly pointer: string;
  readonly descriptor: StageDescriptor;
  /** Params that passed the kind's schema (defaults filled). */
  readonly params: Record<string, unknown>;
  readonly inputs: readonly TypedInput[];
}

/**
 * Types one stage: matches its inputs to its ports (a source stage to the dataset), runs the kind's
 * checks and asks for its output type. Pure. Returns the types, or the problems when any port does
 * not fit (then the kind's own checks and output are not consulted).
 */
export function typeStage(
  s: StageToType,
  dataset: { readonly kind: string; readonly description: DatasetDescription },
  ctx: CompileContext,
):
  | { readonly inputTypes: PortType[]; readonly outputType: PortType; readonly problems: StageProblem[] }
  | {
      readonly problems: StageProblem[];
    } {
  const problems: StageProblem[] = [];
  const inputTypes = typeInputs(s, dataset, problems);
  if (!inputTypes) return { problems };
  for (const p of s.descriptor.check?.(s.params, inputTypes, ctx) ?? []) {
    problems.push({
      ...p,
      stageId: s.id,
      pointer: `${s.pointer}${p.pointer !== undefined ? `/params${p.pointer}` : ''}`,
    });
  }
  return { inputTypes, outputType: s.descriptor.output(s.params, inputTypes, ctx), problems };
}

function typeInputs(
  s: StageToType,
  dataset: { readonly kind: string; readonly description: DatasetDescription },
  problems: StageProblem[],
): PortType[] | undefined {
  const d = s.descriptor;
  const patterns = d.inputs(s.params);
  const add = (at: string, code: string, message: string, hint?: string) =>
    problems.push({ code, pointer: `${s.pointer}${at}`, stageId: s.id, message, ...(hint ? { hint } : {}) });
  const count = (n: number) => `${n} input${n === 1 ? '' : 's'}`;
  if (s.inputs.length === 0) {
    if (d.collapse !== 'source') {
      add(
        '',
        'missing-inputs',
        `stage kind \`${d.kind}\` needs ${count(patterns.length)} (${patterns.map(formatPattern).join(', ')})`,
        'add "inputs": [<id of the stage that feeds it>]',
      );
      return undefined;
    }
    const why = patterns[0] ? mismatch(dataset.description.input, patterns[0]) : undefined;
    if (why) {
      add(
        '/kind',
        'port-mismatch',
        `\`${s.id}\` (${d.kind}) ${why} from dataset \`${dataset.kind}\``,
        'use the input stage kind that matches the dataset',
      );
      return undefined;
    }
    return [dataset.description.input];
  }
  if (d.collapse === 'source') {
    add(
      '/inputs',
      'unexpected-inputs',
      `stage kind \`${d.kind}\` reads the dataset and takes no inputs`,
      'remove "inputs"',
    );
    return undefined;
  }
  if (s.inputs.length !== patterns.length) {
    const ports = patterns.map((p) => `${p.name}: ${formatPattern(p)}`).join(', ');
    add(
      '/inputs',
      'wrong-input-count',
      `stage kind \`${d.kind}\` takes ${count(patterns.length)} (${ports}), got ${s.inputs.length}`,
    );
    return undefined;
  }
  const out: PortType[] = [];
  let ok = true;
  s.inputs.forEach((input, k) => {
    if (!input.type) {
      ok = false; // the producer has its own problem already (unknown kind, bad params)
      return;
    }
    const why = mismatch(input.type, patterns[k]!);
    if (why) {
      ok = false;
      add(
        `/inputs/${k}`,
        'port-mismatch',
        `\`${s.id}\` (${d.kind}) input \`${patterns[k]!.name}\` ${why} ` +
          `from \`${input.id}\` (${input.kind}, output ${formatPort(input.type)})`,
        'insert a stage that converts between them, or change the input',
      );
    }
    out.push(input.type);
  });
  return ok ? out : undefined;
}
