import { SpecError, UsageError } from '../errors/pipeline-error.js';
import { clip } from '../errors/clip.js';
import { didYouMean } from '../util/suggest.js';
import { checkDocument } from './check-document.js';

/**
 * Where a path to set comes from, for its errors: the command line (`--set x=1`, a usage error) or a place in
 * the spec (an ablation arm's `set`, a grid axis: a spec problem at that pointer).
 */
export interface PathOrigin {
  /** How the path is shown, e.g. `--set` or `--grid`. */
  readonly label: string;
  readonly file?: string;
  /** The JSON pointer of the path in the spec, when it comes from one. */
  readonly pointer?: string;
}

const CLI: PathOrigin = { label: '--set' };

/** Path segments that would walk into an object's prototype instead of the spec. */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Applies `path=value` overrides (the CLI's --set) to a raw spec document. Paths use dots; a
 * segment after `stages` may be a stage id (`stages.features.params.coefficients=20`) or an index.
 * Values are parsed as JSON when they can be (`5`, `true`, `[1,2]`), else taken as strings.
 */
export function applyOverrides(
  doc: Record<string, unknown>,
  overrides: readonly string[],
  origin: PathOrigin = CLI,
): Record<string, unknown> {
  const out = structuredClone(doc);
  for (const o of overrides) {
    const eq = o.indexOf('=');
    if (eq <= 0) throw pathError(origin, clip(o), 'expected path=value', 'e.g. --set training.epochs=5');
    setPath(out, o.slice(0, eq), parseValue(o.slice(eq + 1)), origin);
  }
  return out;
}

/** Parses an override value: JSON when it parses, otherwise the raw string. */
export function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** Problems of a path before it is walked: empty segments and ones that lead into prototypes. */
export function checkPath(path: string, origin: PathOrigin = CLI): void {
  if (typeof path !== 'string' || path === '')
    throw pathError(origin, String(path), 'a path must be a non-empty string');
  const parts = path.split('.');
  const bad = parts.find((p) => FORBIDDEN.has(p));
  if (bad !== undefined)
    throw pathError(
      origin,
      clip(path),
      `\`${bad}\` is not a property of a spec`,
      'give a path into the spec, e.g. training.epochs',
    );
  if (parts.some((p) => p === ''))
    throw pathError(
      origin,
      clip(path),
      'a path has no empty segments',
      'separate names with single dots, e.g. training.epochs',
    );
}

/** Sets `value` at a dotted path, creating objects on the way; stage ids resolve inside `stages`. */
export function setPath(doc: Record<string, unknown>, path: string, value: unknown, origin: PathOrigin = CLI): void {
  checkPath(path, origin);
  const shape = checkDocument(value, origin.file);
  if (shape.length) throw pathError(origin, clip(path), `its value: ${shape[0]!.message}`);
  const parts = path.split('.');
  let cur: unknown = doc;
  for (let i = 0; i < parts.length; i++) {
    const key = parts[i]!;
    const last = i === parts.length - 1;
    if (Array.isArray(cur)) {
      const idx = /^\d+$/.test(key) ? Number(key) : cur.findIndex((s) => (s as { id?: unknown })?.id === key);
      if (idx > cur.length)
        throw pathError(origin, clip(path), `index ${key} is past the end of a list of ${cur.length}`);
      if (idx < 0) {
        const ids = cur.map((s) => String((s as { id?: unknown })?.id));
        throw pathError(origin, clip(path), `no stage \`${clip(key)}\``, didYouMean(key, ids, 'stage id'));
      }
      if (last) cur[idx] = value;
      else cur = cur[idx] ??= {};
      continue;
    }
    if (cur === null || typeof cur !== 'object')
      throw pathError(origin, clip(path), `\`${clip(parts.slice(0, i).join('.'))}\` is not an object`);
    const obj = cur as Record<string, unknown>;
    if (last) define(obj, key, value);
    else {
      if (!Object.hasOwn(obj, key) || obj[key] === undefined || obj[key] === null) define(obj, key, {});
      cur = obj[key];
    }
  }
}

/** Sets an own property (never a setter on the prototype chain). */
function define(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function pathError(origin: PathOrigin, path: string, what: string, hint?: string): Error {
  if (origin.pointer === undefined) return new UsageError(`${origin.label} ${path}: ${what}`, { hint });
  return new SpecError(
    [{ code: 'invalid-path', file: origin.file, pointer: origin.pointer, message: `${path}: ${what}`, hint }],
    origin.file,
  );
}
