import type { Problem } from '../errors/pipeline-error.js';
import type { PipelineSpec } from '../spec/generated/pipeline-spec.js';
import { pointer } from '../util/json-pointer.js';
import { didYouMean } from '../util/suggest.js';

/** The stages whose metrics are results: supervised sinks, and the declared evaluation.output. */
export function findOutputs(
  spec: PipelineSpec,
  ids: ReadonlySet<string>,
  add: (p: Omit<Problem, 'file'>) => void,
): string[] {
  const consumed = new Set(spec.stages.flatMap((s) => s.inputs ?? []));
  const outs = spec.stages.filter((s) => !consumed.has(s.id) && s.supervision !== undefined).map((s) => s.id);
  const declared = spec.evaluation?.output;
  if (declared !== undefined) {
    if (!ids.has(declared)) {
      add({
        code: 'unknown-stage',
        pointer: '/evaluation/output',
        message: `no stage \`${declared}\``,
        hint: didYouMean(declared, [...ids], 'stage id'),
      });
    } else if (!outs.includes(declared)) outs.push(declared);
  }
  if (outs.length === 0 && ids.size > 0) {
    add({
      code: 'no-output',
      pointer: '/stages',
      message: 'the pipeline has no output: no final stage names a supervision to be evaluated against',
      hint: 'give the last stage "supervision", or set evaluation.output',
    });
  }
  return [...new Set(outs)];
}

/** Reports every stage from which no output can be reached. */
export function checkReachability(
  stages: readonly { readonly id: string; readonly index: number }[],
  edges: readonly [string, string][],
  outputs: readonly string[],
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
  for (const s of stages) {
    if (!reaches.has(s.id)) {
      add({
        code: 'dead-stage',
        pointer: pointer('stages', s.index),
        stageId: s.id,
        message: `stage \`${s.id}\` reaches no output (outputs: ${outputs.map((o) => `\`${o}\``).join(', ')})`,
        hint: 'feed it into a stage that leads to an output, give it a supervision, or remove it',
      });
    }
  }
}
