import { copyFileSync, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PipelineError } from '../errors/pipeline-error.js';
import { packageRoot } from '../util/package-root.js';

/** The page's files: its HTML and script (demo/), the browser build of the runtime, tfjs's wasm binaries. */
function demoFiles(): { from: string; to: string }[] {
  const root = packageRoot();
  const wasmDir = path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  return [
    { from: path.join(root, 'demo/index.html'), to: 'index.html' },
    { from: path.join(root, 'demo/demo.js'), to: 'demo.js' },
    { from: path.join(root, 'dist/browser/concertina-runtime.js'), to: 'concertina-runtime.js' },
    ...['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'].map((f) => ({
      from: path.join(wasmDir, 'dist', f),
      to: f,
    })),
  ];
}

/**
 * Writes the demo page next to a bundle (`concertina export --demo`): served as a static folder, it loads
 * the bundle from its own folder and recognises a dropped WAV file or the microphone.
 */
export function writeDemo(out: string): { files: number; bytes: number } {
  const files = demoFiles();
  const missing = files.filter((f) => !existsSync(f.from));
  if (missing.length)
    throw new PipelineError(`the demo page's files are missing: ${missing.map((f) => f.from).join(', ')}`, {
      hint: 'run `npm run build` (it bundles the runtime for browsers into dist/browser/)',
    });
  let bytes = 0;
  for (const f of files) {
    copyFileSync(f.from, path.join(out, f.to));
    bytes += statSync(f.from).size;
  }
  return { files: files.length, bytes };
}
