/**
 * Typed ports: every stage output has a type such as `waveform`, `frames[39]`, `posteriors[40]`,
 * `vector[8]`, `image[32,32,1]`, `scores[10]`, `tokens` (a decoded sequence) or `hypotheses[10]` (an
 * n-best list of word sequences over 10 words). Dimensions are numbers when known at
 * compile time and names (`F`, `classes`) when they are only known once data is loaded.
 */
export type PortKind = 'waveform' | 'frames' | 'posteriors' | 'vector' | 'image' | 'scores' | 'tokens' | 'hypotheses';

export interface PortType {
  readonly kind: PortKind;
  readonly dims: readonly (number | string)[];
}

/** What a stage accepts on one input: a set of kinds and optionally fixed dims. */
export interface PortPattern {
  readonly name: string;
  readonly kinds: readonly PortKind[];
  /** Required dims; a string matches anything. Omitted: any dims. */
  readonly dims?: readonly (number | string)[];
}

/** Is this port a sequence (variable length in its first axis)? */
export function isSequence(kind: PortKind): boolean {
  return kind === 'waveform' || kind === 'frames' || kind === 'posteriors' || kind === 'tokens';
}

/** Formats a port type as `frames[39]`. */
export function formatPort(t: PortType): string {
  return t.dims.length ? `${t.kind}[${t.dims.join(',')}]` : t.kind;
}

/** Formats what a pattern accepts, e.g. `frames[*] | posteriors[*]`. */
export function formatPattern(p: PortPattern): string {
  const dims = p.dims ? `[${p.dims.map((d) => (typeof d === 'string' ? '*' : d)).join(',')}]` : '';
  return p.kinds.map((k) => k + dims).join(' | ');
}

/** Why `actual` cannot feed `pattern`, or undefined when it can. */
export function mismatch(actual: PortType, pattern: PortPattern): string | undefined {
  if (!pattern.kinds.includes(actual.kind)) return `expects ${formatPattern(pattern)} but gets ${formatPort(actual)}`;
  if (pattern.dims) {
    if (pattern.dims.length !== actual.dims.length)
      return `expects ${formatPattern(pattern)} but gets ${formatPort(actual)}`;
    for (let i = 0; i < pattern.dims.length; i++) {
      const want = pattern.dims[i];
      const got = actual.dims[i];
      if (typeof want === 'number' && typeof got === 'number' && want !== got) {
        return (
          `expects ${formatPattern(pattern)} but gets ${formatPort(actual)} ` +
          `(dimension ${i} is ${got}, not ${want})`
        );
      }
    }
  }
  return undefined;
}

/** The feature size of a per-frame or vector port (last dim), when known. */
export function featureDim(t: PortType): number | undefined {
  const d = t.dims[t.dims.length - 1];
  return typeof d === 'number' ? d : undefined;
}
