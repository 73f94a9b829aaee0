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
      const { staged, endToEnd } = await checkPipeline(loaded, app);
      if (program.opts<GlobalOptions>().json) {
        printJson({ valid: true, file: loaded.file, stages: staged.steps.map((s) => s.stage.id), endToEnd: endToEnd ? endToEnd.steps.map((s) => s.stage.id) : null });
      } else {
        process.stdout.write(`${loaded.file}: valid (${staged.steps.length} stages${endToEnd ? `; end-to-end: ${endToEnd.steps.length} steps` : ''})\n`);
      }
    });
}
