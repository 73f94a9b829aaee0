import type { Problem } from '../errors/pipeline-error.js';
import { pointer } from '../util/json-pointer.js';

const VAR = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Expands `${VAR}` (and `${VAR:-default}`) in every string of a JSON document from `env`.
 * `$${` is a literal `${`. The document's depth must be bounded (checkDocument). Unset variables without
 * a default are returned as problems, all at once.
 */
export function expandEnv(
  doc: unknown,
  env: NodeJS.ProcessEnv,
  file?: string,
): { value: unknown; problems: Problem[] } {
  const problems: Problem[] = [];
  const walk = (v: unknown, path: (string | number)[]): unknown => {
    if (typeof v === 'string') {
      return v.replace(VAR, (whole, name: string | undefined, def: string | undefined) => {
        if (name === undefined) return '${';
        // own variables only: `${toString}` must not find Object.prototype's
        const val = Object.hasOwn(env, name) ? env[name] : undefined;
        if (val !== undefined && val !== '') return val;
        if (def !== undefined) return def;
        problems.push({
          code: 'unset-variable',
          file,
          pointer: pointer(...path),
          message: `environment variable ${name} is not set (used as ${whole})`,
          hint: `set it, e.g. \`export ${name}=...\`, or give a default: \${${name}:-value}`,
        });
        return whole;
      });
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, [...path, i]));
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v))
        Object.defineProperty(out, k, {
          value: walk(x, [...path, k]),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      return out;
    }
    return v;
  };
  return { value: walk(doc, []), problems };
}
