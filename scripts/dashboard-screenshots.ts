// Screenshots of the dashboard for the README (docs/dashboard-*.png), made with the browser code of the tests:
//   node --import tsx scripts/dashboard-screenshots.ts [--runs <dir>] [--out docs]
// With --runs, pages of that runs folder (the newest run, ablation and trial); without, of generated folders.
import { mkdtempSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDashboard } from '../src/serve/server.js';
import { launchChromium } from '../test/helpers/chromium.js';
import { writeFixtureAblation, writeFixtureRun } from '../test/helpers/run-fixtures.js';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const out = path.resolve(arg('--out') ?? 'docs');
let runs = arg('--runs');
if (!runs) {
  runs = mkdtempSync(path.join(os.tmpdir(), 'concertina-shots-'));
  writeFixtureAblation(runs, 'tabular-ablation-demo', { fractions: [0.05, 0.2, 0.5, 1], seeds: [1, 2, 3] });
  for (const [i, lr] of [0.001, 0.005, 0.02].entries())
    writeFixtureRun(runs, `20261203-0${i}-tabular-staged`, { learningRate: lr, accuracy: 0.7 + i * 0.05, epochs: 8 });
}
mkdirSync(out, { recursive: true });
const dashboard = await startDashboard({ runsDir: runs, port: 0 });
const browser = await launchChromium();
const errors: string[] = [];
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  const index = (await (await fetch(`${dashboard.url}api/runs`)).json()) as {
    rows: { path: string; kind: string; status: string; mode: string }[];
  };
  const first = (kind: string) => index.rows.find((r) => r.kind === kind && r.status === 'completed');
  const shots: [string, string, string][] = [['dashboard-runs.png', '', 'table.runs tbody tr']];
  // An end-to-end run shows a collapsed network in its graph.
  const e2e = index.rows.find((r) => r.kind !== 'ablation' && r.status === 'completed' && r.mode === 'end-to-end');
  const run = e2e ?? first('run') ?? first('trial');
  const ablation = first('ablation');
  if (run) shots.push(['dashboard-run.png', `run/${run.path}`, '.epoch-chart svg']);
  if (ablation) shots.push(['dashboard-ablation.png', `ablation/${ablation.path}`, '#learning-chart svg']);
  const runsOnly = index.rows.filter((r) => r.kind === 'run').slice(0, 3);
  if (runsOnly.length >= 2)
    shots.push([
      'dashboard-compare.png',
      `compare?${runsOnly.map((r) => `p=${encodeURIComponent(r.path)}`).join('&')}`,
      '#compare-charts svg',
    ]);
  for (const [file, url, ready] of shots) {
    await page.goto(
      dashboard.url +
        url
          .split('/')
          .map((s, i) => (i && !s.includes('?') ? encodeURIComponent(s) : s))
          .join('/'),
    );
    await page.waitForSelector(ready, { timeout: 60_000 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(out, file), fullPage: file !== 'dashboard-run.png' });
    process.stdout.write(`${path.join(out, file)}\n`);
  }
} finally {
  await browser.close();
  await dashboard.close();
}
if (errors.length) {
  process.stderr.write(`console errors:\n${errors.join('\n')}\n`);
  process.exitCode = 1;
}
