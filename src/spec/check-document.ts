import type { Problem } from '../errors/pipeline-error.js';
import { pointer } from '../util/json-pointer.js';

/** The deepest nesting of objects and arrays a spec may have (real specs stay under 12). */
export const MAX_DEPTH = 64;

/**
 * Problems of a document's shape that would break the code walking it, found without recursion: nesting
 * deeper than MAX_DEPTH (a stack overflow later) and `__proto__` keys (which would replace an object's prototype
 * when copied). One problem per kind, at the first place found.
 */
export function checkDocument(doc: unknown, file?: string, base: readonly (string | number)[] = []): Problem[] {
  const problems: Problem[] = [];
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: doc, path: [...base] }];
  let deep = false;
  let proto = false;
  while (stack.length && !(deep && proto)) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (path.length - base.length >= MAX_DEPTH) {
      if (!deep)
        problems.push({
          code: 'too-deep',
          file,
          pointer: pointer(...path),
          message: `the document nests objects and arrays more than ${MAX_DEPTH} levels deep here`,
          hint: 'a pipeline spec needs only a few levels; check for a generated or corrupted value',
        });
      deep = true;
      continue;
    }
    const entries: [string | number, unknown][] = Array.isArray(value)
      ? value.map((v, i) => [i, v])
      : Object.keys(value).map((k) => [k, (value as Record<string, unknown>)[k]]);
    for (const [k, v] of entries) {
      if (k === '__proto__' && !proto) {
        proto = true;
        problems.push({
          code: 'forbidden-key',
          file,
          pointer: pointer(...path, k),
          message: 'the key `__proto__` is not allowed in a spec',
          hint: 'remove it (no option of concertina has this name)',
        });
      }
      stack.push({ value: v, path: [...path, k] });
    }
  }
  return problems;
}
