import type { Command } from 'commander';
import path from 'node:path';
import { createConcertina } from '../../container/create-concertina.js';
import { cacheDir, cliPlugins, parseBackend, printJson, type GlobalOptions } from '../cli-context.js';

/** `concertina export <run-dir>`: the inference bundle of a finished run (and, with --demo, a page that runs it). */
export function exportCommand(program: Command): void {
  program
    .command('export')
    .description('write the inference bundle of a finished run: tfjs models stock tfjs loads, and a manifest')
    .argument('<run-dir>', 'a run folder under runs/')
    .option('--out <dir>', 'folder to write the bundle to (default: <run-dir>/export)')
    .option('--demo', 'also write a static page that runs the bundle in a browser (a dropped WAV or the microphone)')
    .option('--backend <name>', 'auto, tensorflow, wasm or cpu')
    .action(async (runDir: string, o: GlobalOptions & { out?: string; demo?: boolean; backend?: string }) => {
      const g = { ...program.opts<GlobalOptions>(), ...o };
      const app = await createConcertina({ plugins: cliPlugins(g) });
      const { exportRun } = await import('../../export/export-run.js');
      const out = path.resolve(o.out ?? path.join(runDir, 'export'));
      const r = await exportRun({ runDir, out, cacheDir: cacheDir(g), backend: parseBackend(o.backend) }, app.services);
      let demo: { files: number; bytes: number } | undefined;
      if (o.demo) {
        const { writeDemo } = await import('../../export/write-demo.js');
        demo = writeDemo(out);
      }
      if (g.json) {
        const { manifest, ...rest } = r;
        return printJson({ ...rest, stages: manifest.stages.map((s) => ({ id: s.id, op: s.op })), demo });
      }
      process.stdout.write(
        `exported run ${r.runId} (${r.manifest.pipeline}, ${r.manifest.mode}) to ${out}: ` +
          `${r.files.length} files, ${(r.bytes / 1024).toFixed(1)} KiB\n`,
      );
      for (const s of r.manifest.stages) {
        const removed = r.removed[s.id]?.length
          ? ` (removed training-only layers: ${r.removed[s.id]!.join(', ')})`
          : '';
        // A stage of separate networks per head lists each part's model.
        const models = s.op === 'network' ? ` ${s.model ?? s.parts.map((p) => p.model).join(', ')}` : '';
        process.stdout.write(`  ${s.id.padEnd(12)} ${s.op}${models}${removed}\n`);
      }
      if (demo)
        process.stdout.write(
          `demo page: ${path.join(out, 'index.html')} (serve it with \`concertina serve ${out}\`)\n`,
        );
    });
}
