// Bundles the browser runtime (dist/src/runtime/browser.js, built by tsc) into one minified ES module,
// dist/browser/concertina-runtime.js, which `concertina export --demo` copies next to the bundle.
import { build } from 'esbuild';
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Bundles `entry` (a built module of dist/) for browsers into `outfile`; returns its size in bytes. */
export async function bundle(entry, outfile, minify = true) {
  await build({
    entryPoints: [path.join(root, entry)],
    outfile: path.join(root, outfile),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify,
    legalComments: 'none',
    logLevel: 'warning',
  });
  return statSync(path.join(root, outfile)).size;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bytes = await bundle('dist/src/runtime/browser.js', 'dist/browser/concertina-runtime.js');
  process.stdout.write(
    `bundled the browser runtime: dist/browser/concertina-runtime.js (${(bytes / 1024).toFixed(0)} KiB)\n`,
  );
}
