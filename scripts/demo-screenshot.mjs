// Makes docs/runtime-demo.png: trains (or takes) a staged spoken-digits run, exports it with the demo page,
// opens the page in headless Chromium, drops an FSDD recording on it and takes a screenshot.
//   node scripts/demo-screenshot.mjs [run-dir]      (after npm run build)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serveFolder } from '../dist/src/export/static-server.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fsdd = process.env.FSDD_DIR ?? path.resolve(root, '../shared/data/fsdd/recordings');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'concertina-demo-'));
const cli = (args) => {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/concertina.js'), ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`concertina ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
};

try {
  let run = process.argv[2];
  if (!run) {
    // The spec bench/runtime.ts trains (so the step cache serves both).
    const spec = JSON.parse(readFileSync(path.join(root, 'pipelines/spoken-digits.json'), 'utf8'));
    spec.dataset.params = { ...spec.dataset.params, path: fsdd, limit: 30 };
    spec.training.epochs = 10;
    writeFileSync(path.join(tmp, 'spoken-digits.json'), JSON.stringify(spec));
    const out = cli(['run', path.join(tmp, 'spoken-digits.json'), '--json', '--runs', path.join(tmp, 'runs')]);
    run = path.join(tmp, 'runs', JSON.parse(out).runId);
  }
  const bundle = path.join(tmp, 'bundle');
  cli(['export', run, '--out', bundle, '--demo']);
  const server = await serveFolder(bundle);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const page = await browser.newPage({ viewport: { width: 960, height: 900 } });
  await page.goto(server.url);
  await page.waitForFunction("document.body.dataset.state === 'ready'", null, { timeout: 60_000 });
  const wav = path.join(fsdd, process.env.DEMO_WAV ?? '5_george_4.wav');
  await page.setInputFiles('#file', wav);
  await page.waitForFunction("document.body.dataset.state === 'done'");
  await page.screenshot({ path: path.join(root, 'docs/runtime-demo.png'), fullPage: true });
  console.log(`docs/runtime-demo.png: ${path.basename(wav)} -> ${await page.innerText('#words')}`);
  await browser.close();
  await server.close();
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
