import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../util/package-root.js';
import { EncodedBody } from './encoded.js';

/** The files /assets/ serves, by name: vega from the installed packages (no CDN), the page script and style. */
const ASSETS: Readonly<Record<string, readonly [pkg: string | null, file: string]>> = {
  'vega.min.js': ['vega', 'build/vega.min.js'],
  'vega-lite.min.js': ['vega-lite', 'build/vega-lite.min.js'],
  'vega-embed.min.js': ['vega-embed', 'build/vega-embed.min.js'],
  'dashboard.js': [null, 'web/dashboard.js'],
  'dashboard.css': [null, 'web/dashboard.css'],
};

/** Where an installed package lives: the nearest node_modules up from concertina's own folder. */
function packageDir(name: string): string | undefined {
  let dir = packageRoot();
  for (;;) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** The file of an asset name, or undefined for any name not in the list. */
export function assetFile(name: string): string | undefined {
  if (!Object.hasOwn(ASSETS, name)) return undefined;
  const [pkg, file] = ASSETS[name]!;
  const base = pkg ? packageDir(pkg) : packageRoot();
  return base ? path.join(base, file) : undefined;
}

/** Assets as read, by file: re-read when the file's time or size changes (an edited web/dashboard.js). */
const kept = new Map<string, { stamp: string; body: EncodedBody }>();

/** An asset's content, kept in memory with its compressed forms; undefined for any name not in the list. */
export function assetBody(name: string): { file: string; body: EncodedBody } | undefined {
  const file = assetFile(name);
  if (!file) return undefined;
  let stamp: string;
  try {
    const s = statSync(file);
    stamp = `${s.mtimeMs}:${s.size}`;
  } catch {
    return undefined;
  }
  const hit = kept.get(file);
  if (hit?.stamp === stamp) return { file, body: hit.body };
  const body = new EncodedBody(readFileSync(file));
  kept.set(file, { stamp, body });
  return { file, body };
}
