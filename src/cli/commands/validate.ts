import type { Command } from 'commander';
import { checkPipeline } from '../../execute/check-pipeline.js';
import { openSpec, printJson, type GlobalOptions } from '../cli-context.js';

/** `concertina validate <spec>`: every problem of a spec at once, exit 2 when there is any. */
export function validateCommand(program: Command): void {
  program
    .command('validate')
    .description('check a spec (schema, stage params, graph, ports, supervision, lexicon) without running it')
    .argument('<spec>', 'pipeline spec (JSON)')
    .option('--set <path=value...>', 'override spec values before validation')
    .action(async (spec: string, o: GlobalOptions & { set?: string[] }) => {
      const { loaded, app } = await openSpec(spec, { ...program.opts(), ...o });
      const { plan, variants } = await checkPipeline(loaded, app.catalog);
      if (program.opts<GlobalOptions>().json) {
        printJson({
          valid: true,
          file: loaded.file,
          mode: plan.mode,
          steps: plan.steps.map((s) => s.stage.id),
          variantsChecked: variants,
        });
      } else {
        process.stdout.write(
          `${loaded.file}: valid (${plan.mode}, ${plan.steps.length} steps` +
            `${variants > 1 ? `; the ablation's ${variants - 1} variants checked too` : ''})\n`,
        );
      }
    });
}
