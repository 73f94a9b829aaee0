/** "Did you mean ...?" suggestions from edit distance. */

/** Words longer than this are not compared (edit distance is quadratic): no plausible typo is that long. */
const MAX_COMPARED = 100;

/** Levenshtein distance between two strings. */
function levenshtein(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The candidate closest to `word`, if it is close enough to be a plausible typo. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length > MAX_COMPARED) return undefined;
  let best: string | undefined;
  let bestD = Infinity;
  const w = word.toLowerCase();
  for (const c of candidates) {
    if (c.length > MAX_COMPARED) continue;
    const d = levenshtein(w, c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.floor(Math.max(word.length, best.length) / 3));
  return bestD <= limit || best.toLowerCase().startsWith(w) || w.startsWith(best.toLowerCase()) ? best : undefined;
}

/** A hint "did you mean `x`?" or a list of the valid values. */
export function didYouMean(word: string, candidates: readonly string[], noun = 'value'): string {
  const c = closest(word, candidates);
  if (c !== undefined) return `did you mean \`${c}\`?`;
  if (candidates.length === 0) return `there is no ${noun} to refer to`;
  const shown = candidates
    .slice(0, 12)
    .map((x) => `\`${x.length > 60 ? `${x.slice(0, 60)}...` : x}\``)
    .join(', ');
  return `known ${plural(noun)}: ${shown}${candidates.length > 12 ? ', ...' : ''}`;
}

function plural(noun: string): string {
  return noun.endsWith('y') && !/[aeiou]y$/.test(noun) ? `${noun.slice(0, -1)}ies` : `${noun}s`;
}
