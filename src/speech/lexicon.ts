/**
 * Word -> phones, from the CMU Pronouncing Dictionary (npm `cmu-pronouncing-dictionary`, 135k entries)
 * plus spec-level overrides. Phones are the stress-free ARPAbet set of phone-set.ts.
 *
 * The package exports one 4.7 MB object literal; importing it costs ~400 ms and building a Map of it
 * ~200 ms. Most pipelines need a dozen words, so the file is read once per process as text (~20-50 ms)
 * and words are found by string search (~2 ms each, cached); the full index is built only for
 * "did you mean" suggestions or after many distinct look-ups.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { SpecError, type Location, type Problem } from '../errors/pipeline-error.js';
import { PHONES, isPhone, phoneId, stripStress } from './phone-set.js';

/** How a Lexicon resolves words. */
export interface LexiconOptions {
  /** Word -> space-separated ARPAbet phones (stress digits allowed and ignored); adds or replaces entries. */
  readonly overrides?: Readonly<Record<string, string>>;
  /**
   * Dictionary pronunciation to use: 0 = the first (default), 1 = the "(2)" entry...; words with fewer use the
   * first.
   */
  readonly variant?: number;
}

const FULL_INDEX_AFTER = 64; // distinct look-ups by string search before the full index pays off

/** Process-wide, lazily read CMU dictionary (shared by every Lexicon). */
class CmuDictionary {
  private text: string | undefined;
  private index: Map<string, string> | undefined;
  private readonly found = new Map<string, string | null>();

  /** Raw entry ("Z IH1 R OW0") for a dictionary key such as "zero" or "zero(2)". */
  get(key: string): string | undefined {
    if (this.index) return this.index.get(key);
    let v = this.found.get(key);
    if (v === undefined) {
      if (this.found.size >= FULL_INDEX_AFTER) return this.all().get(key);
      v = this.search(key);
      this.found.set(key, v);
    }
    return v ?? undefined;
  }

  /** Every entry (built once; ~200 ms). */
  all(): Map<string, string> {
    if (this.index) return this.index;
    const text = this.source();
    const index = new Map<string, string>();
    for (let pos = text.indexOf('\n  "'); pos >= 0;) {
      const ks = pos + 4;
      const ke = text.indexOf('"', ks);
      const ve = text.indexOf('"', ke + 4);
      index.set(text.slice(ks, ke), text.slice(ke + 4, ve));
      pos = text.indexOf('\n  "', ve);
    }
    this.index = index;
    this.text = undefined;
    return index;
  }

  private search(key: string): string | null {
    if (/["\\\n]/.test(key)) return null;
    const text = this.source();
    return bisectEntry(text, key) ?? scan(text, key);
  }

  private source(): string {
    this.text ??= readFileSync(createRequire(import.meta.url).resolve('cmu-pronouncing-dictionary'), 'utf8');
    return this.text;
  }
}

const ENTRY = '\n  "';

/**
 * Binary search over the dictionary text (its keys are sorted, save ~1 in 150 pairs whose punctuation sorts
 * otherwise): microseconds instead of a 4.7 MB scan. Only an exact key match is returned, so a miss here is
 * settled by `scan`.
 */
export function bisectEntry(text: string, key: string): string | null {
  let lo = text.indexOf(ENTRY);
  let hi = text.length;
  while (lo >= 0 && lo < hi) {
    const mid = (lo + hi) >>> 1;
    const at = text.indexOf(ENTRY, mid);
    if (at < 0 || at >= hi) {
      hi = mid;
      continue;
    }
    const ks = at + ENTRY.length;
    const ke = text.indexOf('"', ks);
    const found = text.slice(ks, ke);
    if (found === key) return text.slice(ke + 4, text.indexOf('"', ke + 4));
    if (found < key) lo = ke;
    else hi = mid;
  }
  return null;
}

/** Linear search for the entry of `key` (the out-of-order keys, and words not in the dictionary). */
function scan(text: string, key: string): string | null {
  const needle = `${ENTRY}${key}": "`;
  const at = text.indexOf(needle);
  if (at < 0) return null;
  const vs = at + needle.length;
  return text.slice(vs, text.indexOf('"', vs));
}

const cmu = new CmuDictionary();

/** Stress-free phones of a dictionary entry, without its trailing "# comment". */
function parseEntry(raw: string): string[] {
  return raw.split('#')[0]!.trim().split(/\s+/).map(stripStress);
}

/** Word -> phones, with overrides; see LexiconOptions. */
export class Lexicon {
  private readonly overrides = new Map<string, string[]>();
  private readonly overrideProblems = new Map<string, Problem>();
  private readonly variant: number;

  constructor(options: LexiconOptions = {}) {
    this.variant = options.variant ?? 0;
    if (!Number.isInteger(this.variant) || this.variant < 0) {
      throw new RangeError(`lexicon variant must be a non-negative integer, got ${options.variant}`);
    }
    for (const [rawWord, phones] of Object.entries(options.overrides ?? {})) {
      const word = normalise(rawWord);
      const list = phones.trim() === '' ? [] : phones.trim().split(/\s+/).map(stripStress);
      const bad = list.filter((p) => !isPhone(p));
      if (list.length === 0) {
        this.overrideProblems.set(word, {
          code: 'empty-pronunciation',
          message: `lexicon override for "${word}" has no phones`,
          hint: `give space-separated ARPAbet phones, e.g. "${word}": "S EH V AH N"`,
        });
      } else if (bad.length > 0) {
        this.overrideProblems.set(word, {
          code: 'unknown-phone',
          message:
            `lexicon override for "${word}" ` +
            `uses ${bad.map((p) => `"${p}"`).join(', ')}, not in the ARPAbet phone set`,
          hint: `use only these phones (stress digits allowed): ${PHONES.join(' ')}`,
        });
      }
      this.overrides.set(word, list);
    }
  }

  /** Whether the word has a usable pronunciation. */
  has(word: string): boolean {
    return this.lookup(normalise(word)) !== undefined;
  }

  /** Stress-free phones of a word; throws SpecError (code `unknown-word`/`unknown-phone`) when it has none. */
  pronounce(word: string): string[] {
    const phones = this.lookup(normalise(word));
    if (phones === undefined) throw new SpecError(this.problemsFor(normalise(word), {}));
    return phones.slice();
  }

  /** CTC ids of a word's phones (phone index + 1; 0 is the blank, see phone-set.ts). */
  phoneIds(word: string): number[] {
    return this.pronounce(word).map(phoneId);
  }

  /** Every dictionary pronunciation of a word (just the override when there is one); [] when unknown. */
  pronunciations(word: string): string[][] {
    const w = normalise(word);
    const own = this.overrides.get(w);
    if (own) return own.length > 0 && own.every(isPhone) ? [own.slice()] : [];
    const out: string[][] = [];
    for (let k = 0; ; k++) {
      const raw = cmu.get(k === 0 ? w : `${w}(${k + 1})`);
      if (raw === undefined) return out;
      out.push(parseEntry(raw));
    }
  }

  /**
   * Every problem at once: the overrides' (bad or missing phones) then one `unknown-word` per distinct
   * unknown word, with `location` copied onto each (so a spec validator can point at the vocabulary).
   */
  check(words: Iterable<string>, location: Location = {}): Problem[] {
    const problems = [...this.overrideProblems.values()].map((p) => ({ ...location, ...p }));
    const seen = new Set<string>();
    for (const word of words) {
      const w = normalise(word);
      if (seen.has(w) || this.overrides.has(w)) continue;
      seen.add(w);
      if (this.lookup(w) === undefined) problems.push(...this.problemsFor(w, location));
    }
    return problems;
  }

  /** Known words spelled within 1 (short words) or 2 edits of `word`, closest first, at most 3. */
  suggest(word: string): string[] {
    const w = normalise(word);
    const max = w.length <= 4 ? 1 : 2;
    const scored: Array<[string, number]> = [];
    const consider = (cand: string): void => {
      if (cand === w || Math.abs(cand.length - w.length) > max || cand.includes('(')) return;
      const d = editDistance(w, cand, max);
      if (d <= max && this.lookup(cand) !== undefined) scored.push([cand, d]);
    };
    for (const cand of this.overrides.keys()) consider(cand);
    for (const cand of cmu.all().keys()) if (!this.overrides.has(cand)) consider(cand);
    // Ties go to the likelier typo: swapped letters, then a dropped/doubled letter, then the same first
    // letter and more letters in common.
    const rank = ([cand, d]: [string, number]): number => {
      const shared = common(w, cand);
      const kind = shared === w.length && shared === cand.length ? 0 : nested(w, cand) ? 20 : 50;
      return d * 100 + kind + (cand[0] === w[0] ? 0 : 10) - shared;
    };
    scored.sort((a, b) => rank(a) - rank(b) || (a[0] < b[0] ? -1 : 1));
    return scored.slice(0, 3).map(([cand]) => cand);
  }

  private lookup(word: string): string[] | undefined {
    const own = this.overrides.get(word);
    if (own) return own.length > 0 && own.every(isPhone) ? own : undefined;
    const raw = (this.variant > 0 ? cmu.get(`${word}(${this.variant + 1})`) : undefined) ?? cmu.get(word);
    return raw === undefined ? undefined : parseEntry(raw);
  }

  private problemsFor(word: string, location: Location): Problem[] {
    const own = this.overrideProblems.get(word);
    if (own) return [{ ...location, ...own }];
    const near = this.suggest(word);
    const mean = near.length > 0 ? `did you mean ${near.map((n) => `"${n}"`).join(' or ')}? Otherwise ` : '';
    return [
      {
        ...location,
        code: 'unknown-word',
        message: `"${word}" is not in the CMU pronouncing dictionary`,
        hint: `${mean}add a lexicon override, e.g. "overrides": { "${word}": "<ARPAbet phones>" }`,
      },
    ];
  }
}

function normalise(word: string): string {
  return word.trim().toLowerCase();
}

/**
 * Edit distance with adjacent transpositions (optimal string alignment), giving up with max + 1 as soon
 * as a row exceeds `max`; rows are reused because it runs over the whole dictionary.
 */
function editDistance(a: string, b: string, max: number): number {
  const n = b.length + 1;
  if (rows[0]!.length < n) for (let r = 0; r < 3; r++) rows[r] = new Int32Array(n * 2);
  let [before, prev, cur] = rows as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j < n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j < n; j++) {
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, before[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [before, prev, cur] = [prev, cur, before];
  }
  return prev[b.length]!;
}

/** Letters two words share, counted with multiplicity. */
function common(a: string, b: string): number {
  const left = [...b];
  let n = 0;
  for (const ch of a) {
    const k = left.indexOf(ch);
    if (k >= 0) {
      left[k] = '';
      n++;
    }
  }
  return n;
}

const rows: Int32Array[] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Whether the shorter of a and b is a subsequence of the longer (a typo that dropped or doubled letters). */
function nested(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  let k = 0;
  for (let i = 0; i < long.length && k < short.length; i++) if (long[i] === short[k]) k++;
  return k === short.length;
}
