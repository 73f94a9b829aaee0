import { realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * The URL path segments as names: each percent-decoded on its own, so that an encoded slash stays inside its
 * segment and is refused; `.`, `..`, empty names, backslashes and NUL are refused too. Undefined when refused.
 */
export function decodeSegments(raw: readonly string[]): string[] | undefined {
  const out: string[] = [];
  for (const s of raw) {
    let name: string;
    try {
      name = decodeURIComponent(s);
    } catch {
      return undefined;
    }
    if (!name || name === '.' || name === '..' || /[/\\\0]/.test(name)) return undefined;
    out.push(name);
  }
  return out;
}

/**
 * The real path of `segments` under `root`, or undefined when it does not exist or leaves the root (through `..`
 * or a symbolic link that points outside).
 */
export function resolveInside(root: string, segments: readonly string[]): string | undefined {
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return undefined;
  }
  const joined = path.resolve(realRoot, ...segments);
  if (!inside(realRoot, joined)) return undefined;
  let real: string;
  try {
    real = realpathSync(joined);
  } catch {
    return undefined;
  }
  return inside(realRoot, real) ? real : undefined;
}

function inside(root: string, p: string): boolean {
  return p === root || p.startsWith(root + path.sep);
}
