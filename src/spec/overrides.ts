import { UsageError } from '../errors/pipeline-error.js';
import { didYouMean } from '../util/suggest.js';

/**
 * Applies `path=value` overrides (the CLI's --set) to a raw spec document. Paths use dots; a
 * segment after `stages` may be a stage id (`stages.features.params.coefficients=20`) or an index.
 * Values are parsed as JSON when they can be (`5`, `true`, `[1,2]`), else taken as strings.
 */
export function applyOverrides(doc: Record<string, unknown>, overrides: readonly string[]): Record<string, unknown> {
  const out = structuredClone(doc);
  for (const o of overrides) {
    const eq = o.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set ${o}: expected path=value`, { hint: 'e.g. --set training.epochs=5' });
    setPath(out, o.slice(0, eq), parseValue(o.slice(eq + 1)));
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

/** Sets `value` at a dotted path, creating objects on the way; stage ids resolve inside `stages`. */
export function setPath(doc: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur: unknown = doc;
  for (let i = 0; i < parts.length; i++) {
    const key = parts[i]!;
    const last = i === parts.length - 1;
    if (Array.isArray(cur)) {
      const idx = /^\d+$/.test(key) ? Number(key) : cur.findIndex((s) => (s as { id?: unknown })?.id === key);
      if (idx < 0) {
        const ids = cur.map((s) => String((s as { id?: unknown })?.id));
        throw new UsageError(`--set ${path}: no stage \`${key}\``, { hint: didYouMean(key, ids, 'stage id') });
      }
      if (last) cur[idx] = value;
      else cur = cur[idx] ??= {};
      continue;
    }
    if (cur === null || typeof cur !== 'object')
      throw new UsageError(`--set ${path}: \`${parts.slice(0, i).join('.')}\` is not an object`);
    const obj = cur as Record<string, unknown>;
    if (last) obj[key] = value;
    else {
      if (obj[key] === undefined || obj[key] === null) obj[key] = {};
      cur = obj[key];
    }
  }
}
