/**
 * The dashboard with 1,000 runs: server response times (runs table API, page), first load of the runs table in
 * Chromium, the server's memory, and SSE latency from a line appended to events.jsonl to the browser receiving it.
 * The server runs as `concertina serve` in its own process (build first: npm run build). Figures are medians.
 *   node --import tsx bench/serve.ts [runs=1000]
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium } from '../test/helpers/chromium.js';
import { writeFixtureAblation, writeFixtureRun } from '../test/helpers/run-fixtures.js';

const count = Number(process.argv[2] ?? 1000);
const root = path.join(os.tmpdir(), `concertina-bench-serve-${process.pid}`);
mkdirSync(root, { recursive: true });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;

const t0 = performance.now();
const ablations = Math.floor(count / 100); // 12 trials each
let runs = 0;
for (let a = 0; a < ablations; a++, runs += 12) writeFixtureAblation(root, `abl-${a}`, { fractions: [0.1, 0.3, 1] });
for (let i = 0; runs < count; i++, runs++)
  writeFixtureRun(root, `run-${String(i).padStart(4, '0')}`, {
    learningRate: [0.001, 0.003, 0.01][i % 3],
    seed: (i % 5) + 1,
    accuracy: 0.5 + (i % 40) / 100,
    startedAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
  });
const live = writeFixtureRun(root, 'run-live', { state: 'running', epochs: 100 });
console.log(`generated ${runs} runs (${ablations} ablations of 12 trials) in ${ms(performance.now() - t0)}`);

const server = spawn(process.execPath, ['bin/concertina.js', 'serve', '--runs', root, '--port', '0'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise<string>((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (c: Buffer) => {
    out += c.toString();
    const m = /open (http:\/\/\S+)/.exec(out);
    if (m) resolve(m[1]!);
  });
  server.once('exit', (code) => reject(new Error(`concertina serve exited with ${code}`)));
});
const rssMiB = () => {
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
};
const rssIdle = rssMiB();

async function timed(p: string): Promise<[number, number]> {
  const start = performance.now();
  const res = await fetch(url + p);
  const body = await res.arrayBuffer();
  return [performance.now() - start, body.byteLength];
}

try {
  const [cold, bytes] = await timed('api/runs');
  const warm: number[] = [];
  for (let i = 0; i < 15; i++) warm.push((await timed('api/runs'))[0]);
  const pageTimes: number[] = [];
  for (let i = 0; i < 15; i++) pageTimes.push((await timed(''))[0]);
  const runPage: number[] = [];
  for (let i = 0; i < 9; i++) runPage.push((await timed('api/run/run-0001'))[0]);
  const ablationPage: number[] = [];
  for (let i = 0; i < 9; i++) ablationPage.push((await timed('api/ablation/abl-0'))[0]);

  const browser = await launchChromium();
  const loads: number[] = [];
  const latencies: number[] = [];
  try {
    // A first load each time: a fresh browser context (no cached assets), timed from navigation start to the
    // table's rows drawn (performance.now() in the page).
    for (let i = 0; i < 5; i++) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const fresh = await context.newPage();
      await fresh.goto(url);
      // The table draws its first 100 rows (more on demand), sorted and filtered over all of them.
      await fresh.waitForSelector('table.runs tbody tr:nth-child(100)', { timeout: 30_000 });
      loads.push(await fresh.evaluate(() => performance.now()));
      await context.close();
    }
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${url}run/run-live`);
    await page.waitForSelector('.epoch-chart[data-rendered]');
    await page.evaluate((u) => {
      const g = globalThis as unknown as { got: number[]; EventSource: typeof EventSource };
      g.got = [];
      const size = 0;
      const source = new g.EventSource(`${u}api/events/run-live?from=${size}`);
      source.addEventListener('run-event', (m) => {
        const e = JSON.parse((m as MessageEvent).data) as { sentAt?: number };
        if (e.sentAt) g.got.push(Date.now() - e.sentAt);
      });
    }, url);
    await new Promise((r) => setTimeout(r, 500));
    for (let i = 0; i < 20; i++) {
      const line = { type: 'log', runId: 'run-live', stageId: null, level: 'info', message: `m${i}` };
      appendFileSync(path.join(live, 'events.jsonl'), JSON.stringify({ ...line, sentAt: Date.now() }) + '\n');
      await new Promise((r) => setTimeout(r, 150));
    }
    await page.waitForFunction(() => (globalThis as unknown as { got: number[] }).got.length >= 20, undefined, {
      timeout: 10_000,
    });
    latencies.push(...(await page.evaluate(() => (globalThis as unknown as { got: number[] }).got)));
  } finally {
    await browser.close();
  }
  const rssLoaded = rssMiB();
  console.log(
    `load average (1, 5, 15 min): ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(', ')}; ${os.cpus().length} cores`,
  );
  console.log(
    `runs table API, ${runs} runs: first ${ms(cold)} (${(bytes / 1024).toFixed(0)} KiB), ` +
      `then median ${ms(median(warm))}`,
  );
  console.log(`runs page HTML: median ${ms(median(pageTimes))}`);
  console.log(
    `run page API: median ${ms(median(runPage))}; ablation page API (12 trials): median ${ms(median(ablationPage))}`,
  );
  console.log(
    `first load of the runs table in Chromium (${runs} rows, first 100 drawn): ` +
      `first ${ms(loads[0]!)}, median ${ms(median(loads))}`,
  );
  console.log(
    `server memory (RSS): ${rssIdle.toFixed(0)} MiB at start, ${rssLoaded.toFixed(0)} MiB after serving ${runs} runs`,
  );
  console.log(
    `SSE latency, events.jsonl append -> browser (20 events): median ${ms(median(latencies))}, ` +
      `max ${ms(Math.max(...latencies))}`,
  );
} finally {
  server.kill('SIGINT');
  rmSync(root, { recursive: true, force: true });
}
