import { createReadStream, readdirSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ablationView } from './ablation-view.js';
import { assetBody } from './assets.js';
import { compareView } from './compare-view.js';
import { EncodedBody, sendEncoded } from './encoded.js';
import { keepAlive, openEventStream, SharedWatches, tailEvents, watchSignature } from './event-stream.js';
import { pageHtml, type PageKind } from './pages.js';
import { readJsonOr } from './read-json.js';
import { firstRows, RunIndexer, type AblationFile, type RunIndex } from './run-index.js';
import { mtimeOf } from './run-row.js';
import { runView } from './run-view.js';
import { decodeSegments, resolveInside } from './safe-path.js';

/** Where and what to serve. */
export interface ServeOptions {
  readonly runsDir: string;
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
}

/** A started dashboard. */
export interface Dashboard {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

const TYPES: Readonly<Record<string, string>> = {
  '.json': 'application/json; charset=utf-8',
  '.jsonl': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.csv': 'text/plain; charset=utf-8',
  '.tsv': 'text/plain; charset=utf-8',
  '.yaml': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.log': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** Runs the runs page draws before the whole index has come (and adds per "show more"). */
const FIRST_ROWS = 100;
/**
 * How old a scan of the runs folder a request may be answered from: the page and its API request share one scan,
 * and open pages, which rescan every second to learn of changes, keep it current.
 */
const INDEX_MAX_AGE_MS = 1000;

/** The runs index as sent (the API's JSON, the runs page), while it stays the same object (nothing changed). */
interface IndexBodies {
  api?: EncodedBody;
  page?: EncodedBody;
}
const bodies = new WeakMap<RunIndex, IndexBodies>();

function bodiesOf(index: RunIndex): IndexBodies {
  let b = bodies.get(index);
  if (!b) bodies.set(index, (b = {}));
  return b;
}

/** What one dashboard keeps between requests. */
interface State {
  readonly root: string;
  readonly indexer: RunIndexer;
  readonly watches: SharedWatches;
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  // vega compiles its expressions with Function: 'unsafe-eval'; vega-embed adds a style element.
  'content-security-policy':
    "default-src 'none'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

/**
 * Starts the dashboard on the runs folder: read-only (GET and HEAD only), every path from a URL resolved inside the
 * runs folder (or refused with 404), files streamed, live updates as server-sent events.
 */
export async function startDashboard(o: ServeOptions): Promise<Dashboard> {
  const root = path.resolve(o.runsDir);
  const state: State = { root, indexer: new RunIndexer(root), watches: new SharedWatches() };
  const server = createServer((req, res) => {
    handle(req, res, state).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', `internal error: ${(err as Error).message}\n`);
      else res.end();
    });
  });
  const host = o.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 4173, host, () => resolve());
  });
  // Read every folder once now, and build the runs page and the index's JSON (plain and compressed) after, so that
  // the first page is served from the cache.
  state.indexer.index();
  setImmediate(() => prepare(state));
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `http://${shown}:${port}/`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        state.watches.stopAll();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, state: State): Promise<void> {
  const { root } = state;
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    return send(res, 405, 'text/plain; charset=utf-8', 'read-only: GET and HEAD only\n');
  }
  const raw = req.url ?? '/';
  const q = raw.indexOf('?');
  const query = new URLSearchParams(q >= 0 ? raw.slice(q + 1) : '');
  const parts = (q >= 0 ? raw.slice(0, q) : raw).split('/').slice(1);
  if (parts.at(-1) === '') parts.pop();
  const [head, ...rest] = parts;
  const segments = decodeSegments(rest);
  if (!segments) return notFound(res);
  const rel = segments.join('/');
  const folder = () => resolveInside(root, segments);
  switch (head) {
    case undefined:
      return runsPage(req, res, state);
    case 'run':
    case 'ablation': {
      const dir = folder();
      if (!dir || !isDir(dir) || !segments.length) return notFound(res);
      return page(res, head, rel, rel, root);
    }
    case 'compare': {
      if (segments.length) return notFound(res);
      return page(res, 'compare', 'compare', query.getAll('p').join(','), root);
    }
    case 'assets': {
      const asset = segments.length === 1 ? assetBody(segments[0]!) : undefined;
      if (!asset) return notFound(res);
      const type = TYPES[path.extname(asset.file).toLowerCase()] ?? 'application/octet-stream';
      // An hour without asking, then a revalidation by ETag (304 while the file is the same).
      return sendEncoded(req, res, type, asset.body, 'public, max-age=3600');
    }
    case 'files': {
      const file = folder();
      return file && segments.length && isFile(file) ? streamFile(req, res, file, 'no-cache') : notFound(res);
    }
    case 'api':
      return api(req, res, state, segments, query);
    default:
      return notFound(res);
  }
}

async function api(
  req: IncomingMessage,
  res: ServerResponse,
  state: State,
  segments: readonly string[],
  query: URLSearchParams,
): Promise<void> {
  const { root } = state;
  const [what, ...rest] = segments;
  const rel = rest.join('/');
  const dir = rest.length ? resolveInside(root, rest) : undefined;
  switch (what) {
    case 'runs': {
      if (rest.length) return notFound(res);
      return sendEncoded(req, res, 'application/json; charset=utf-8', indexBodies(state).api, 'no-cache');
    }
    case 'run':
      if (!dir || !isDir(dir)) return notFound(res);
      return json(res, await runView(dir, rel));
    case 'ablation': {
      const a = dir && isDir(dir) ? readJsonOr<AblationFile>(dir, 'ablation.json') : undefined;
      if (!dir || !a?.trials) return notFound(res);
      return json(res, ablationView(dir, rel, a));
    }
    case 'compare': {
      if (rest.length) return notFound(res);
      const folders: { dir: string; rel: string }[] = [];
      for (const p of query.getAll('p')) {
        const segs = decodeSegments(p.split('/'));
        const d = segs && resolveInside(root, segs);
        if (!segs || !d || !isDir(d)) return notFound(res);
        folders.push({ dir: d, rel: segs.join('/') });
      }
      return json(res, await compareView(folders));
    }
    case 'events':
      return events(req, res, state, rest, dir, query);
    default:
      return notFound(res);
  }
}

/** Server-sent events: a run's new events, an ablation's trial changes, or (no path) changes to the runs table. */
function events(
  req: IncomingMessage,
  res: ServerResponse,
  { indexer, watches }: State,
  rest: readonly string[],
  dir: string | undefined,
  query: URLSearchParams,
): void {
  if (rest.length && (!dir || !isDir(dir))) return notFound(res);
  const send = openEventStream(res);
  const stops = [keepAlive(res)];
  if (!rest.length) {
    // One scan of the runs folder a second for all open runs pages, not one each; it keeps the index current.
    stops.push(
      watches.watch(
        'runs-table',
        () => (indexer.index(), String(indexer.version)),
        () => send('runs-changed', '{}'),
        1000,
      ),
    );
  } else if (readJsonOr<AblationFile>(dir!, 'ablation.json')?.trials) {
    stops.push(
      watchSignature(
        () => ablationSignature(dir!),
        () => send('ablation-changed', '{}'),
        300,
      ),
    );
  } else {
    const lastId = Number(req.headers['last-event-id'] ?? query.get('from') ?? 0);
    stops.push(tailEvents(path.join(dir!, 'events.jsonl'), Number.isFinite(lastId) ? lastId : 0, send));
    stops.push(
      watchSignature(
        () => String(mtimeOf(path.join(dir!, 'status.json'))),
        () => send('status', '{}'),
        300,
      ),
    );
  }
  req.on('close', () => stops.forEach((stop) => stop()));
}

/** Changes when a trial starts or ends, or the report is written. */
function ablationSignature(dir: string): string {
  const trials = path.join(dir, 'trials');
  let names: string[];
  try {
    names = readdirSync(trials);
  } catch {
    names = [];
  }
  return (
    names.map((n) => `${n}:${mtimeOf(path.join(trials, n, 'status.json'))}`).join(',') +
    `|${mtimeOf(path.join(dir, 'report.json'))}`
  );
}

/** The runs page's HTML (the table's first rows inline) and the runs API's JSON, kept while the index is the same. */
function indexBodies({ root, indexer }: State): Required<IndexBodies> {
  const index = indexer.index(INDEX_MAX_AGE_MS);
  const b = bodiesOf(index);
  b.page ??= new EncodedBody(
    Buffer.from(pageHtml('runs', 'runs', '', root, { root, ...firstRows(index, FIRST_ROWS) })),
  );
  b.api ??= new EncodedBody(Buffer.from(JSON.stringify({ root, ...index })));
  return b as Required<IndexBodies>;
}

/** Builds what the first visit asks for (page, JSON, their compressed forms) before anyone asks. */
function prepare(state: State): void {
  const { page, api } = indexBodies(state);
  for (const body of [page, api]) for (const encoding of ['br', 'gzip']) body.encodedFor(encoding);
}

/** The runs page: its HTML with the table's first rows inline, kept (and compressed) while the index is the same. */
function runsPage(req: IncomingMessage, res: ServerResponse, state: State): void {
  sendEncoded(req, res, 'text/html; charset=utf-8', indexBodies(state).page, 'no-cache');
}

function page(res: ServerResponse, kind: PageKind, title: string, target: string, root: string): void {
  send(res, 200, 'text/html; charset=utf-8', pageHtml(kind, title, target, root), 'no-cache');
}

function json(res: ServerResponse, value: unknown): void {
  send(res, 200, 'application/json; charset=utf-8', JSON.stringify(value), 'no-cache');
}

function notFound(res: ServerResponse): void {
  send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
}

function send(res: ServerResponse, status: number, type: string, body: string, cache = 'no-store'): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': cache });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

/** Streams a file (never read whole into memory); SVGs get a sandbox so that one cannot run script. */
function streamFile(req: IncomingMessage, res: ServerResponse, file: string, cache: string): void {
  const stat = statSync(file);
  const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  res.writeHead(200, {
    'content-type': type,
    'content-length': stat.size,
    'cache-control': cache,
    ...(type === 'image/svg+xml'
      ? { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox" }
      : {}),
  });
  if (req.method === 'HEAD') return void res.end();
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
