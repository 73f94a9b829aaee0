import test from 'ava';
import { request } from 'node:http';
import { appendFileSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startDashboard, type Dashboard } from '../../src/serve/server.js';
import { markdownToHtml } from '../../src/serve/html.js';
import { firstRows, RunIndexer } from '../../src/serve/run-index.js';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { planSvg, type PlanJson } from '../../src/serve/plan-svg.js';
import { epochEvent, writeFixtureAblation, writeFixtureRun } from '../helpers/run-fixtures.js';
import { tempDir } from '../helpers/temp-dir.js';

const root = path.join(tempDir(), 'runs');
const outside = tempDir();
writeFileSync(path.join(outside, 'secret.txt'), 'not yours\n');
mkdirSync(root);
writeFixtureRun(root, 'run-a', { learningRate: 0.001, accuracy: 0.7, startedAt: new Date('2026-01-01T10:00:00Z') });
writeFixtureRun(root, 'run-b', { learningRate: 0.01, accuracy: 0.8, startedAt: new Date('2026-01-01T11:00:00Z') });
writeFixtureRun(root, 'run-failed', { state: 'failed', startedAt: new Date('2026-01-01T09:00:00Z') });
writeFixtureRun(root, 'run-live', { state: 'running', epochs: 10 });
writeFixtureAblation(root, 'abl', { fractions: [0.1, 1], seeds: [1, 2] });
writeFixtureAblation(root, 'abl2', { fractions: [0.1, 1], seeds: [1] });
// Half-written folders: a status.json cut short, a run whose process is gone, a folder with nothing yet.
mkdirSync(path.join(root, 'half'));
writeFileSync(path.join(root, 'half', 'status.json'), '{"runId": "half", "sta');
writeFixtureRun(root, 'stale', { state: 'running' });
writeFileSync(
  path.join(root, 'stale', 'status.json'),
  JSON.stringify({ runId: 'stale', state: 'running', startedAt: new Date().toISOString(), pid: 2 ** 22 + 17 }),
);
mkdirSync(path.join(root, 'empty'));
symlinkSync(outside, path.join(root, 'link-out'));
symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'run-a', 'secret.txt'));

let dashboard: Dashboard;
test.before(async () => {
  dashboard = await startDashboard({ runsDir: root, port: 0 });
});
test.after.always(async () => dashboard?.close());

/** A raw request: the path goes out exactly as written (no client-side normalisation of `..`). */
function get(rawPath: string, method = 'GET'): Promise<{ status: number; body: string; type: string }> {
  const url = new URL(dashboard.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: rawPath, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body, type: String(res.headers['content-type']) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A raw request with headers: the body as bytes, as sent (compressed or not). */
function getRaw(
  rawPath: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: Buffer; headers: Record<string, string | string[] | undefined> }> {
  const url = new URL(dashboard.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: rawPath, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks), headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

interface Row {
  path: string;
  kind: string;
  status: string;
  problem?: string;
  params: Record<string, unknown>;
}

test('binds to 127.0.0.1 by default', (t) => {
  t.true(dashboard.url.startsWith('http://127.0.0.1:'));
});

test('the runs table: runs, trials and ablations, half-written folders as incomplete, differing params', async (t) => {
  const res = await get('/api/runs');
  t.is(res.status, 200);
  const index = JSON.parse(res.body) as { rows: Row[]; paramColumns: string[] };
  const by = (p: string) => index.rows.find((r) => r.path === p);
  t.is(by('run-a')?.status, 'completed');
  t.is(by('run-failed')?.status, 'failed');
  t.is(by('run-live')?.status, 'running');
  t.is(by('abl')?.kind, 'ablation');
  t.is(by('abl')?.status, 'completed');
  t.is(index.rows.filter((r) => r.kind === 'trial').length, 8 + 4);
  for (const p of ['half', 'stale', 'empty']) t.is(by(p)?.status, 'incomplete', p);
  t.regex(by('stale')!.problem!, /process \d+ is gone/);
  t.true(index.paramColumns.includes('training.optimizer.learningRate'));
  t.false(index.paramColumns.includes('training.seed'), 'seed has a column of its own');
  t.false(index.paramColumns.includes('dataset.kind'), 'equal everywhere');
  t.is(by('run-b')!.params['training.optimizer.learningRate'], 0.01);
});

test('the runs page carries the first rows; index and assets go compressed, and 304 while unchanged', async (t) => {
  const html = await get('/');
  const inline = /<script type="application\/json" id="inline-data">(.*?)<\/script>/s.exec(html.body);
  t.truthy(inline, 'first rows inline');
  const first = JSON.parse(inline![1]!) as { rows: Row[]; total: number; metricColumns: string[] };
  const all = JSON.parse((await get('/api/runs')).body) as { rows: Row[]; metricColumns: string[] };
  t.is(first.total, all.rows.length);
  t.is(first.rows.length, all.rows.length, 'fewer than 100 runs: all of them');
  t.deepEqual(all.metricColumns, ['accuracy', 'loss']);
  for (const [encoding, decode] of [
    ['br', brotliDecompressSync],
    ['gzip', gunzipSync],
  ] as const) {
    const res = await getRaw('/api/runs', { 'accept-encoding': `${encoding}, deflate` });
    t.is(res.headers['content-encoding'], encoding);
    t.is(res.headers.vary, 'accept-encoding');
    t.deepEqual(JSON.parse(decode(res.body).toString('utf8')), all, encoding);
  }
  t.is((await getRaw('/api/runs', { 'accept-encoding': 'br;q=0, identity' })).headers['content-encoding'], undefined);
  for (const p of ['/api/runs', '/', '/assets/dashboard.js']) {
    const res = await getRaw(p, {});
    t.truthy(res.headers.etag, p);
    const again = await getRaw(p, { 'if-none-match': String(res.headers.etag) });
    t.is(again.status, 304, p);
    t.is(again.body.length, 0, p);
  }
});

test("the first rows: the newest runs and ablations, with those ablations' trials", (t) => {
  const index = new RunIndexer(root).index();
  const first = firstRows(index, 2);
  const top = index.rows.filter((r) => r.kind !== 'trial').slice(0, 2);
  t.deepEqual(
    first.rows.filter((r) => r.kind !== 'trial'),
    top,
  );
  const ablations = top.filter((r) => r.kind === 'ablation').map((r) => r.path);
  t.is(
    first.rows.filter((r) => r.kind === 'trial').length,
    index.rows.filter((r) => r.kind === 'trial' && ablations.includes(r.ablation!)).length,
  );
  t.is(first.total, index.rows.length);
  const indexer = new RunIndexer(root);
  const before = indexer.index();
  t.is(indexer.index(), before, 'nothing changed (a run still running, an empty folder): the same index');
});

test('run, ablation and compare APIs', async (t) => {
  const run = JSON.parse((await get('/api/run/run-a')).body) as {
    planSvg: string;
    curves: Record<string, { points: unknown[] }>;
    dvc: boolean;
  };
  t.true(run.planSvg.startsWith('<svg'));
  t.is(run.curves.classifier!.points.length, 5 * 3, '5 epochs x loss, validation loss, accuracy');
  t.true(run.dvc);
  const trial = JSON.parse((await get('/api/run/abl/trials/staged-f1-s1')).body) as { row: { ablation: string } };
  t.is(trial.row.ablation, 'abl');
  const abl = JSON.parse((await get('/api/ablation/abl')).body) as {
    metrics: string[];
    charts: Record<string, { data: { values: { arm: string }[] } }>;
    crossings: Record<string, string[]>;
    trials: { path: string }[];
    reportHtml: string;
  };
  t.deepEqual(abl.metrics, ['accuracy']);
  t.deepEqual([...new Set(abl.charts.accuracy!.data.values.map((v) => v.arm))], ['staged', 'end-to-end']);
  t.true(abl.crossings.accuracy!.some((s) => /end-to-end overtakes staged/.test(s)));
  t.true(abl.trials.every((x) => x.path.startsWith('abl/trials/')));
  t.true(abl.reportHtml.includes('<table'));
  t.is((await get('/api/ablation/run-a')).status, 404, 'a run is not an ablation');
  const cmp = JSON.parse((await get('/api/compare?p=run-a&p=run-b')).body) as {
    params: { key: string; differs: boolean }[];
    curves: Record<string, unknown>;
  };
  t.true(cmp.params.find((p) => p.key === 'training.optimizer.learningRate')!.differs);
  t.false(cmp.params.find((p) => p.key === 'dataset.kind')!.differs);
  t.truthy(cmp.curves.classifier);
  const two = JSON.parse((await get('/api/compare?p=abl&p=abl2')).body) as {
    items: { kind: string }[];
    learningCurves: Record<string, { data: { values: { arm: string }[] } }>;
  };
  t.deepEqual(
    two.items.map((i) => i.kind),
    ['ablation', 'ablation'],
  );
  t.deepEqual(
    [...new Set(two.learningCurves.accuracy!.data.values.map((v) => v.arm))],
    ['abl: staged', 'abl: end-to-end', 'abl2: staged', 'abl2: end-to-end'],
  );
});

test('paths never leave the runs folder: .., encoded slashes, backslashes, symlinks out give 404', async (t) => {
  t.is((await get('/files/run-a/spec.json')).status, 200);
  const refused = [
    '/files/../package.json',
    '/files/run-a/../../package.json',
    '/files/%2e%2e/package.json',
    '/files/run-a%2F..%2F..%2Fpackage.json',
    '/files/run-a%2f..%2f..%2fpackage.json',
    '/files/..%5c..%5cpackage.json',
    '/files/run-a%00/spec.json',
    '/files/link-out/secret.txt',
    '/files/run-a/secret.txt',
    '/run/..',
    '/run/%2e%2e',
    '/run/link-out',
    '/api/run/..%2F..',
    '/api/compare?p=../..&p=run-a',
    '/api/compare?p=link-out&p=run-a',
    '/api/events/..%2f',
    '/assets/../package.json',
    '/assets/package.json',
    '/files/run-a',
    '/nothing-here',
  ];
  for (const p of refused) t.is((await get(p)).status, 404, p);
});

test('read-only: no method but GET and HEAD, and nothing changes', async (t) => {
  const before = readdirSync(path.join(root, 'run-a')).sort();
  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
    t.is((await get('/files/run-a/spec.json', method)).status, 405, method);
    t.is((await get('/api/runs', method)).status, 405, method);
  }
  t.is((await get('/files/run-a/spec.json', 'HEAD')).status, 200);
  t.deepEqual(readdirSync(path.join(root, 'run-a')).sort(), before);
});

test('files are streamed whole with their length; assets come from the installed packages', async (t) => {
  const big = path.join(root, 'run-b', 'big.jsonl');
  const line = JSON.stringify({ type: 'log', message: 'x'.repeat(200) }) + '\n';
  writeFileSync(big, line.repeat(20_000));
  const res = await get('/files/run-b/big.jsonl');
  t.is(res.status, 200);
  t.is(res.body.length, line.length * 20_000);
  for (const a of ['vega.min.js', 'vega-lite.min.js', 'vega-embed.min.js', 'dashboard.js', 'dashboard.css']) {
    const r = await get(`/assets/${a}`);
    t.is(r.status, 200, a);
    t.true(r.body.length > 1000, a);
  }
  const html = await get('/');
  t.false(/https?:\/\/(?!www\.w3\.org)/.test(html.body), 'no CDN');
});

test('live: a line appended to events.jsonl arrives as a server-sent event; a half line waits', async (t) => {
  const dir = path.join(root, 'run-live');
  const url = new URL(dashboard.url);
  const start = JSON.parse((await get('/api/run/run-live')).body) as { eventsOffset: number };
  const got: { data: string; at: number }[] = [];
  const req = request({ host: url.hostname, port: url.port, path: `/api/events/run-live?from=${start.eventsOffset}` });
  const opened = new Promise<void>((resolve) => {
    req.on('response', (res) => {
      t.is(res.headers['content-type'], 'text/event-stream; charset=utf-8');
      res.setEncoding('utf8');
      let buf = '';
      res.on('data', (c: string) => {
        buf += c;
        for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const data = /^data: (.*)$/m.exec(block);
          if (/^event: run-event$/m.test(block) && data) got.push({ data: data[1]!, at: Date.now() });
        }
      });
      resolve();
    });
  });
  req.end();
  await opened;
  appendFileSync(path.join(dir, 'events.jsonl'), '{"type":"log","message":"hal');
  await new Promise((r) => setTimeout(r, 400));
  t.is(got.length, 0, 'no half line');
  appendFileSync(path.join(dir, 'events.jsonl'), 'f"}\n');
  const sent = Date.now();
  epochEvent(dir, 'run-live', 6, 10, 0.8);
  while (got.length < 2 && Date.now() - sent < 5000) await new Promise((r) => setTimeout(r, 10));
  req.destroy();
  t.is(got.length, 2);
  t.is(JSON.parse(got[0]!.data).message, 'half');
  t.is(JSON.parse(got[1]!.data).type, 'epoch-end');
  t.true(got[1]!.at - sent < 500, `latency ${got[1]!.at - sent} ms`);
});

test('the report Markdown becomes HTML with everything escaped', (t) => {
  const html = markdownToHtml('## a <b>\n\n| x | <i>y</i> |\n|---|---|\n| **1** | `2` |\n- <script>\n![img](x.svg)');
  t.true(html.includes('<h3>a &lt;b&gt;</h3>'));
  t.true(html.includes('<th>&lt;i&gt;y&lt;/i&gt;</th>'));
  t.true(html.includes('<td><strong>1</strong></td><td><code>2</code></td>'));
  t.true(html.includes('<li>&lt;script&gt;</li>'));
  t.false(html.includes('x.svg'));
});

test('the plan graph shows collapsed groups with their members and what transforms changed', (t) => {
  const plan: PlanJson = {
    pipeline: 'p<x>',
    mode: 'end-to-end',
    dataset: 'd',
    graph: {
      output: 'c',
      nodes: [
        { id: 'in', kind: 'input', inputs: [], output: 'audio', supervision: null },
        {
          id: 'c',
          kind: 'collapsed-network',
          inputs: ['in'],
          output: 'label',
          supervision: 'label',
          members: [
            { id: 'mel', kind: 'mel', inputs: ['in'], output: 'matrix', supervision: null },
            { id: 'c', kind: 'dense-classifier', inputs: ['mel'], output: 'label', supervision: 'label' },
          ],
        },
      ],
    },
    rewrites: [{ kind: 'collapse', changes: [{ action: 'collapse', nodes: ['c'], summary: 'mel + c: one network' }] }],
    steps: [{ id: 'c', action: 'fit' }],
  };
  const svg = planSvg(plan);
  t.true(svg.includes('class="node collapsed changed" data-id="c"'));
  t.is((svg.match(/class="member"/g) ?? []).length, 2);
  t.true(svg.includes('collapse: collapse: mel + c: one network'));
  t.true(svg.includes('p&lt;x&gt;'));
  t.is((svg.match(/class="edge"/g) ?? []).length, 2, 'dataset -> in -> c');
});
