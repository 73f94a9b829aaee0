/** JSON Pointers (RFC 6901) into the user's spec, used in every problem report. */

/** Builds a pointer from path segments: ['stages', 2, 'inputs', 0] -> /stages/2/inputs/0. */
export function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}
