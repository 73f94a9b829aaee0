import type { Command } from 'commander';
import type { LabelInfo } from '../../core/label.js';
import { SpecError } from '../../errors/pipeline-error.js';
import type { ExecutionPlan } from '../../plan/execution-plan.js';
import { describePlan } from '../../plan/describe-plan.js';
import { planToDot } from '../../plan/plan-dot.js';
import { planToJson } from '../../plan/plan-json.js';
import { preparePlan } from '../../plan/prepare-plan.js';
import { PipelineServices } from '../../services/pipeline-services.js';
import type { Concertina } from '../../container/create-concertina.js';
import { openSpec, parseMode, printJson, type GlobalOptions } from '../cli-context.js';

interface PlanOptions extends GlobalOptions {
  readonly set?: string[];
  readonly mode?: string;
  readonly dot?: boolean;
  readonly layers?: boolean;
}

/**
 * `concertina plan <spec>`: the graph as compiled, what each transform changed, and the ordered steps;
 * with `--layers` (or `--mode end-to-end`) the layers of every collapsed network, which loads tf.
 */
export function planCommand(program: Command): void {
  program
    .command('plan')
    .description('print the compiled graph, what each transform changed and the ordered steps')
    .argument('<spec>', 'pipeline spec (JSON)')
    .option('--mode <mode>', "staged or end-to-end (default: the spec's mode)")
    .option('--dot', 'print the graph that runs in Graphviz dot format (collapsed networks as clusters)')
    .option('--layers', 'build every collapsed network untrained and print its layers (loads tf)')
    .option('--set <path=value...>', 'override spec values')
    .action(async (spec: string, o: PlanOptions) => {
      const mode = parseMode(o.mode);
      const { loaded, app } = await openSpec(spec, { ...program.opts(), ...o });
      const plan = preparePlan(loaded, app.catalog, mode);
      if (o.dot) {
        process.stdout.write(planToDot(plan) + '\n');
        return;
      }
      const layers = o.layers || mode === 'end-to-end' ? await layerSummaries(plan, app) : undefined;
      if (program.opts<GlobalOptions>().json) {
        printJson({ ...planToJson(plan), ...(layers ? { layers } : {}) });
        return;
      }
      process.stdout.write(describePlan(plan) + '\n');
      for (const [id, text] of Object.entries(layers ?? {})) process.stdout.write(`\nlayers of \`${id}\`:\n${text}\n`);
    });
}

/** Builds each collapsed network untrained and returns its layer summary (label sizes must be known from params). */
async function layerSummaries(plan: ExecutionPlan, app: Concertina): Promise<Record<string, string>> {
  const file = plan.pipeline.file;
  const nodes = plan.steps.map((s) => s.stage).filter((s) => s.members);
  if (nodes.length === 0) return {};
  const labels: Record<string, LabelInfo> = Object.create(null) as Record<string, LabelInfo>;
  for (const [name, l] of Object.entries(plan.pipeline.dataset.description.labels)) {
    if (l.size !== undefined) labels[name] = { ...l, names: Array.from({ length: l.size }, (_, i) => `${name}${i}`) };
  }
  const { createStage } = await import('../../execute/create-stage.js');
  const { CollapsedNetworkStage } = await import('../../stage/collapsed-network-stage.js');
  const services = new PipelineServices(
    app.catalog.services,
    plan.pipeline.spec,
    plan.pipeline.dataset.kind.uses ?? [],
  );
  const out: Record<string, string> = {};
  for (const node of nodes) {
    const needed = [node.supervision, ...(node.heads?.extra ?? []).map((h) => h.supervision)];
    const unknown = needed.find((l) => l === undefined || !labels[l]);
    if (unknown !== undefined || needed.includes(undefined)) {
      out[node.id] =
        `(the size of label \`${unknown}\` is known only once the data is loaded; run the pipeline to see the layers)`;
      continue;
    }
    const env = {
      services: app.services,
      pipelineServices: services,
      serviceNames: plan.pipeline.services,
      labels,
      emit: () => {},
      signal: new AbortController().signal,
    };
    const stage = await createStage(node, env);
    if (!(stage instanceof CollapsedNetworkStage)) continue;
    try {
      stage.build();
      out[node.id] = stage.summary();
    } catch (err) {
      // A build refused for its size is a problem of this spec: name the file.
      if (err instanceof SpecError)
        throw new SpecError(
          err.problems.map((p) => ({ file, ...p })),
          file,
        );
      throw err;
    } finally {
      stage.dispose();
    }
  }
  return out;
}
