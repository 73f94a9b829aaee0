// The dashboard in Debian's Chromium (playwright-core): one browser for the file, tiny generated run folders.
import test from 'ava';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startDashboard, type Dashboard } from '../../src/serve/server.js';
import { launchChromium } from '../helpers/chromium.js';
import { epochEvent, writeFixtureAblation, writeFixtureRun } from '../helpers/run-fixtures.js';
import { tempDir } from '../helpers/temp-dir.js';

const root = path.join(tempDir(), 'runs');
mkdirSync(root);
writeFixtureRun(root, 'run-low', { accuracy: 0.61, seed: 3, startedAt: new Date('2026-01-01T10:00:00Z') });
writeFixtureRun(root, 'run-high', { accuracy: 0.93, seed: 1, startedAt: new Date('2026-01-01T11:00:00Z') });
writeFixtureRun(root, 'run-mid', { accuracy: 0.75, seed: 2, startedAt: new Date('2026-01-01T12:00:00Z') });
writeFixtureAblation(root, 'abl', { fractions: [0.1, 0.3, 1], seeds: [1, 2] });

let dashboard: Dashboard;
let browser: Browser;
const errors: string[] = [];

test.before(async () => {
  dashboard = await startDashboard({ runsDir: root, port: 0 });
  browser = await launchChromium();
});
test.after.always(async () => {
  await browser?.close();
  await dashboard?.close();
});

async function open(url: string): Promise<Page> {
  const page = await browser.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${url}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`${url}: ${e.message}`));
  await page.goto(dashboard.url + url);
  return page;
}

const ids = (page: Page) => page.$$eval('table.runs tbody tr[data-path]', (rows) => rows.map((r) => r.dataset.path));

test.serial('the runs table lists finished runs and sorts by a column, both ways', async (t) => {
  const page = await open('');
  await page.waitForSelector('tr[data-path="run-high"]');
  t.true((await ids(page)).includes('run-low'));
  await page.click('th[data-key="primary"]');
  const up = (await ids(page)).filter((p) => p!.startsWith('run-'));
  t.deepEqual(up, ['run-low', 'run-mid', 'run-high']);
  await page.click('th[data-key="primary"]');
  const down = (await ids(page)).filter((p) => p!.startsWith('run-'));
  t.deepEqual(down, ['run-high', 'run-mid', 'run-low']);
  await page.fill('#filter', 'run-mid');
  t.deepEqual(await ids(page), ['run-mid']);
  await page.fill('#filter', '');
  await page.check('tr[data-path="run-low"] input.pick');
  await page.check('tr[data-path="run-high"] input.pick');
  await page.click('#compare');
  await page.waitForSelector('#compare-charts svg');
  t.regex(page.url(), /\/compare\?p=run-low&p=run-high$/);
  await page.close();
});

test.serial('trials sit under their ablation: a row that opens and closes, or every row on its own', async (t) => {
  const page = await open('');
  await page.waitForSelector('tr[data-path="abl"]');
  const trials = page.locator('table.runs tbody tr[data-path^="abl/trials/"]');
  const toggle = page.locator('tr[data-path="abl"] button.toggle');
  /** The trial rows come right after their ablation's row, all 12 of them, nested. */
  const underAblation = async () => {
    const order = await ids(page);
    const at = order.indexOf('abl');
    return order.slice(at + 1, at + 13).every((p) => p!.startsWith('abl/trials/'));
  };
  t.is(await trials.count(), 0, 'closed at first');
  t.is(await toggle.getAttribute('aria-expanded'), 'false');
  t.regex((await toggle.textContent())!, / 12$/);
  await toggle.click();
  t.is(await trials.count(), 12);
  t.is(await page.locator('tr.nested[data-ablation="abl"]').count(), 12);
  t.true(await underAblation());
  await page.click('th[data-key="primary"]');
  t.true(await underAblation(), 'sorted, still under their ablation');
  await page.click('th[data-key="startedAt"]');
  await toggle.click();
  t.is(await trials.count(), 0, 'closed again');
  // A filter that only trials match opens their ablation, with just those trials.
  await page.fill('#filter', 'staged-f1-');
  const filtered = await ids(page);
  t.is(filtered[0], 'abl');
  t.deepEqual(filtered.slice(1).sort(), ['abl/trials/staged-f1-s1', 'abl/trials/staged-f1-s2']);
  await page.fill('#filter', '');
  await page.uncheck('#group');
  t.is(await trials.count(), 12, 'ungrouped: every trial a row of its own');
  t.is(await page.locator('tr.nested').count(), 0);
  t.is(await page.locator('button.toggle').count(), 0);
  await page.check('#group');
  t.is(await trials.count(), 0);
  await page.close();
});

test.serial('the ablation page shows one learning curve per arm, a metric selector and trial links', async (t) => {
  const page = await open('ablation/abl');
  await page.waitForSelector('#learning-chart svg .mark-line path');
  const lines = await page.$$('#learning-chart svg .mark-line path');
  t.is(lines.length, 2, 'staged and end-to-end');
  t.deepEqual(await page.$$eval('#metric option', (o) => o.map((x) => x.textContent)), ['accuracy']);
  t.is(await page.locator('#trial-grid a.trial').count(), 12);
  t.true((await page.textContent('#crossings'))!.includes('end-to-end overtakes staged'));
  await page.click('#trial-grid a.trial >> nth=0');
  await page.waitForSelector('.epoch-chart svg');
  t.regex(page.url(), /\/run\/abl\/trials\//);
  await page.close();
});

test.serial('a run started during the test: its epoch curve grows on the open page without reload', async (t) => {
  const dir = writeFixtureRun(root, 'run-growing', { state: 'running', epochs: 8 });
  const page = await open('run/run-growing');
  await page.waitForSelector('.epoch-chart[data-rendered]');
  const before = Number(await page.getAttribute('.epoch-chart', 'data-rendered'));
  await page.evaluate(() => ((globalThis as unknown as { marker: number }).marker = 1));
  for (const epoch of [5, 6, 7]) epochEvent(dir, 'run-growing', epoch, 8, 0.9);
  // 3 epochs x (loss, validation loss, accuracy) more points, drawn.
  await page.waitForSelector(`.epoch-chart[data-rendered="${before + 9}"]`, { timeout: 5000 });
  t.is(await page.evaluate(() => (globalThis as unknown as { marker?: number }).marker), 1, 'the same page: no reload');
  t.is(await page.locator('table.events tr.event-epoch-end').count(), 7);
  await page.close();
});

test.serial('a path-traversal URL returns 404', async (t) => {
  const page = await browser.newPage();
  for (const url of ['files/..%2F..%2Fetc%2Fpasswd', 'run/..%2F..', 'files/%2e%2e/%2e%2e/etc/passwd']) {
    const res = await page.goto(dashboard.url + url);
    t.is(res?.status(), 404, url);
  }
  await page.close();
});

test.serial('no page logged a console error', (t) => {
  t.deepEqual(errors, []);
});
