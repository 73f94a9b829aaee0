/** JSON Pointers (RFC 6901) into the user's spec, used in every problem report. */

/** Builds a pointer from path segments: ['stages', 2, 'inputs', 0] -> /stages/2/inputs/0. */
export function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** Splits a pointer into its unescaped segments. */
export function segments(ptr: string): string[] {
  if (ptr === '') return [];
  return ptr
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The value a pointer designates in a document, or undefined. */
export function resolvePointer(doc: unknown, ptr: string): unknown {
  let cur: unknown = doc;
  for (const s of segments(ptr)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[s];
  }
  return cur;
}
