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

/** A `concertina serve` of its own process (nothing requested yet: its caches are cold). */
async function startServer(): Promise<{ url: string; rssMiB: () => number; stop: () => void }> {
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
  return { url, rssMiB, stop: () => server.kill('SIGINT') };
}

/** Time to the whole body (as the client decodes it) and its size, decoded and as sent. */
async function timed(url: string): Promise<[ms: number, bytes: number, sent: number]> {
  const start = performance.now();
  const res = await fetch(url);
  const body = await res.arrayBuffer();
  return [performance.now() - start, body.byteLength, Number(res.headers.get('content-length') ?? body.byteLength)];
}

/**
 * In the page from its first byte: the time of the second animation frame after the table's 100th row is in the
 * document (the frame that drew those rows has been produced), by performance.now() (from navigation start).
 */
function markRowsDrawn(): void {
  // Runs in the page: its DOM names through globalThis (this file is typed for Node).
  const g = globalThis as unknown as {
    rowsDrawnAt?: number;
    document: { querySelector(s: string): unknown };
    requestAnimationFrame(f: () => void): void;
    MutationObserver: new (f: () => void) => { observe(n: unknown, o: object): void; disconnect(): void };
  };
  const observer = new g.MutationObserver(() => {
    if (!g.document.querySelector('table.runs tbody tr:nth-child(100)')) return;
    observer.disconnect();
    g.requestAnimationFrame(() => g.requestAnimationFrame(() => (g.rowsDrawnAt = performance.now())));
  });
  observer.observe(g.document, { childList: true, subtree: true });
}

const { url, rssMiB, stop } = await startServer();
const rssIdle = rssMiB();
try {
  const browser = await launchChromium();
  const loads: number[] = [];
  const latencies: number[] = [];
  let apiCold: [number, number, number], warm: number[], pageTimes: number[], runPage: number[];
  let ablationPage: number[], pageBytes: [number, number];
  try {
    // A first load each time: a fresh browser context (no cached assets), timed from navigation start to the
    // table's first 100 rows drawn (sorted and filtered over all rows, more on demand). The first of them is the
    // first request this server gets: its caches cold.
    for (let i = 0; i < 5; i++) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const fresh = await context.newPage();
      await fresh.addInitScript(markRowsDrawn);
      await fresh.goto(url);
      const drawn = await fresh.waitForFunction(
        () => (globalThis as unknown as { rowsDrawnAt?: number }).rowsDrawnAt,
        undefined,
        { timeout: 30_000 },
      );
      loads.push((await drawn.jsonValue())!);
      await context.close();
    }
    // Server response times on a second server of its own, so that its first answer is cold too.
    const second = await startServer();
    try {
      await timed(second.url + 'nothing-here'); // the client's own first request (fetch's set-up), a 404
      apiCold = await timed(second.url + 'api/runs');
      warm = [];
      for (let i = 0; i < 15; i++) warm.push((await timed(second.url + 'api/runs'))[0]);
      pageTimes = [];
      for (let i = 0; i < 15; i++) pageTimes.push((await timed(second.url))[0]);
      const [, html, htmlSent] = await timed(second.url);
      pageBytes = [html, htmlSent];
      runPage = [];
      for (let i = 0; i < 9; i++) runPage.push((await timed(second.url + 'api/run/run-0001'))[0]);
      ablationPage = [];
      for (let i = 0; i < 9; i++) ablationPage.push((await timed(second.url + 'api/ablation/abl-0'))[0]);
    } finally {
      second.stop();
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
  const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  const [cold, bytes, sent] = apiCold;
  console.log(
    `runs table API, ${runs} runs: first ${ms(cold)} (${kib(bytes)}, ${kib(sent)} compressed), ` +
      `then median ${ms(median(warm))}`,
  );
  console.log(
    `runs page HTML (first 100 rows inline): median ${ms(median(pageTimes))} ` +
      `(${kib(pageBytes[0])}, ${kib(pageBytes[1])} compressed)`,
  );
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
  stop();
  rmSync(root, { recursive: true, force: true });
}
