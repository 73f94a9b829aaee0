import type { Command } from 'commander';
import { createStage } from '../../execute/create-stage.js';
import { preparePlan } from '../../execute/prepare-pipeline.js';
import { describePlan, planToDot } from '../../plan/execution-plan.js';
import { CollapsedNetworkStage } from '../../transforms/collapsed-network-stage.js';
import { isNetworkNode } from '../../transforms/collapse.js';
import { UsageError } from '../../errors/pipeline-error.js';
import type { LabelInfo } from '../../data/label-info.js';
import { openSpec, printJson, type GlobalOptions } from '../cli-context.js';

/** `concertina plan <spec>`: the DAG and ordered steps; in end-to-end mode, the collapsed network's layers too. */
export function planCommand(program: Command): void {
  program
    .command('plan')
    .description('print the compiled graph and the ordered steps (and the collapsed network in end-to-end mode)')
    .argument('<spec>', 'pipeline spec (JSON)')
    .option('--mode <mode>', "staged or end-to-end (default: the spec's mode)")
    .option('--dot', 'print the graph in Graphviz dot format')
    .option('--set <path=value...>', 'override spec values')
    .action(async (spec: string, o: GlobalOptions & { set?: string[]; mode?: string; dot?: boolean }) => {
      if (o.mode !== undefined && o.mode !== 'staged' && o.mode !== 'end-to-end')
        throw new UsageError(`--mode ${o.mode}: expected staged or end-to-end`);
      const { loaded, app } = await openSpec(spec, { ...program.opts(), ...o });
      const plan = preparePlan(loaded, app.catalog, o.mode as 'staged' | 'end-to-end' | undefined);
      if (o.dot) {
        process.stdout.write(planToDot(plan) + '\n');
        return;
      }
      const summary = plan.mode === 'end-to-end' ? await layerSummary(plan, app) : undefined;
      if (program.opts<GlobalOptions>().json) {
        printJson({
          mode: plan.mode,
          output: plan.pipeline.primaryOutput,
          steps: plan.steps.map((s) => ({
            id: s.stage.id,
            kind: s.stage.kind,
            action: s.action,
            scope: s.scope,
            inputs: s.stage.inputs,
            supervision: s.stage.supervision ?? null,
            members: isNetworkNode(s.stage) ? s.stage.members.map((m) => m.id) : undefined,
          })),
          layers: summary ?? null,
        });
        return;
      }
      process.stdout.write(describePlan(plan) + '\n');
      if (summary) process.stdout.write('\nend-to-end network:\n' + summary + '\n');
    });
}

/** Builds the collapsed network untrained and returns its layer summary (needs label sizes known from params). */
async function layerSummary(
  plan: ReturnType<typeof preparePlan>,
  app: Awaited<ReturnType<typeof openSpec>>['app'],
): Promise<string> {
  const node = plan.steps.map((s) => s.stage).find(isNetworkNode);
  if (!node) return '(no network)';
  const labels: Record<string, LabelInfo> = {};
  for (const [name, l] of Object.entries(plan.pipeline.dataset.description.labels)) {
    if (l.size === undefined) continue;
    labels[name] = { ...l, names: Array.from({ length: l.size }, (_, i) => `${name}${i}`) };
  }
  const needed = [node.supervision, ...(node.multitask?.heads ?? []).map((h) => h.supervision)].filter(
    (x): x is string => x !== undefined,
  );
  const unknown = needed.find((l) => !labels[l]);
  if (unknown)
    return (
      `(the size of label \`${unknown}\` is known only once the data is loaded; ` +
      `run the pipeline to see the layers)`
    );
  const lex = await app.services.lexicon({
    spec: plan.pipeline.spec,
    file: plan.pipeline.file ?? '',
    dir: process.cwd(),
  });
  const stage = createStage(node, {
    services: app.services,
    labels,
    lexicon: lex?.lexicon,
    emit: () => {},
    signal: new AbortController().signal,
  });
  if (!(stage instanceof CollapsedNetworkStage)) return '(no network)';
  try {
    stage.build();
    return stage.summary();
  } finally {
    stage.dispose();
  }
}
