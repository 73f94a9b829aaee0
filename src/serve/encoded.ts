import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Below this many bytes a body goes out as it is: compressing would save less than it costs. */
const MIN_COMPRESS = 1024;
/** Brotli's quality 11 takes seconds on a megabyte; 5 compresses JSON and scripts better than gzip, in milliseconds. */
const BROTLI_QUALITY = 5;

/**
 * A response body that is sent many times unchanged (the runs index, a page, a script): its entity tag, and its
 * gzip and brotli forms, each compressed on first demand and kept.
 */
export class EncodedBody {
  readonly etag: string;
  private gzip: Buffer | undefined;
  private br: Buffer | undefined;

  constructor(readonly body: Buffer) {
    this.etag = `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
  }

  /** The body in the best encoding the request accepts (brotli, gzip or none). */
  encodedFor(acceptEncoding: string | undefined): { encoding: 'br' | 'gzip' | undefined; bytes: Buffer } {
    if (this.body.length < MIN_COMPRESS) return { encoding: undefined, bytes: this.body };
    const accepted = acceptedEncodings(acceptEncoding);
    if (accepted.has('br')) {
      this.br ??= brotliCompressSync(this.body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: this.body.length,
        },
      });
      return { encoding: 'br', bytes: this.br };
    }
    if (accepted.has('gzip')) {
      this.gzip ??= gzipSync(this.body, { level: 6 });
      return { encoding: 'gzip', bytes: this.gzip };
    }
    return { encoding: undefined, bytes: this.body };
  }
}

/** The encodings an Accept-Encoding header accepts (those not given q=0). */
function acceptedEncodings(header: string | undefined): Set<string> {
  const out = new Set<string>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.split(';').map((x) => x.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) out.add(name);
  }
  return out;
}

/** Whether the request's If-None-Match names this tag (the client's copy is current). */
function notModified(req: IncomingMessage, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  return header === '*' || header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

/** Sends a kept body: 304 when the client has it, else compressed as the client accepts, with its ETag. */
export function sendEncoded(
  req: IncomingMessage,
  res: ServerResponse,
  type: string,
  body: EncodedBody,
  cache: string,
  extra: Readonly<Record<string, string>> = {},
): void {
  const headers: Record<string, string | number> = {
    etag: body.etag,
    'cache-control': cache,
    vary: 'accept-encoding',
    ...extra,
  };
  if (notModified(req, body.etag)) {
    res.writeHead(304, headers);
    return void res.end();
  }
  const { encoding, bytes } = body.encodedFor(req.headers['accept-encoding']);
  res.writeHead(200, {
    ...headers,
    'content-type': type,
    'content-length': bytes.length,
    ...(encoding ? { 'content-encoding': encoding } : {}),
  });
  res.end(req.method === 'HEAD' ? undefined : bytes);
}
