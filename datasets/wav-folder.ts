import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { readWav, resample, type WavReadOptions } from '../src/api/audio.js';
import {
  contentKey,
  DataError,
  type DatasetKind,
  type DatasetLoadContext,
  type Example,
  type LoadedDataset,
  loadSchema,
  type Problem,
  SpecError,
} from '../src/api/plugin.js';
import { type WavFolderParams } from './generated/wav-folder.params.js';
import { SpeechLabeler, describeSpeech, pipelineRate, requireLexicon, waveformItem } from './speech-labels.js';

const DEFAULT_PATTERN = '{word}_{speaker}_{take}.wav';
const PATTERN_POINTER = '/dataset/params/pattern';
/** Field -> what it matches: never a '/', so each field stays inside one path segment. */
const FIELDS: Readonly<Record<string, string>> = {
  word: '([^/]+?)',
  words: '([^/]+?)',
  speaker: '([^/]+?)',
  take: '(\\d+)',
};
/** Files decoded at once (reading overlaps decoding; order is kept). */
const CONCURRENCY = 32;

/** A file-name pattern turned into a regex over paths relative to the folder. */
export interface NamePattern {
  readonly regex: RegExp;
  readonly fields: readonly string[];
  /** Subfolder levels the pattern reaches into ('/' count). */
  readonly depth: number;
}

/** One file whose name matched: what its name says. */
interface Entry {
  readonly rel: string;
  readonly file: string;
  readonly words: readonly string[];
  readonly speaker: string | undefined;
  readonly take: number | undefined;
}

/** Recordings in a folder, labelled by their file names (the Free Spoken Digit Dataset layout by default). */
export const wavFolderDataset: DatasetKind<WavFolderParams> = {
  kind: 'wav-folder',
  description:
    'WAV recordings in a folder, labelled by file name ({word}_{speaker}_{take}.wav); words, phonemes, speaker.',
  paramsSchema: loadSchema('datasets/wav-folder.params.schema.json'),
  uses: ['lexicon'],
  describe(p, requirements) {
    const pattern = compileNamePattern(p.pattern);
    checkTakes(p);
    return describeSpeech(requirements, {
      vocabularySize: vocabularyOf(p).length,
      speakers: pattern.fields.includes('speaker'),
      officialSplit: pattern.fields.includes('take'),
    });
  },
  vocabulary: (p) => vocabularyOf(p),
  async fingerprint(p, ctx) {
    const root = path.resolve(ctx.specDir, p.path);
    const files = await listFiles(root, compileNamePattern(p.pattern).depth);
    const stats = await Promise.all(
      files.map(async (rel) => {
        // A dangling or looping symbolic link is a bad file for load to report, not a reason to stop here.
        const s = await stat(path.join(root, rel)).catch((err: NodeJS.ErrnoException) => ({
          size: -1,
          mtimeMs: err.code,
        }));
        return [rel, s.size, s.mtimeMs] as const;
      }),
    );
    return contentKey({ kind: 'wav-folder@1', root, files: stats, p });
  },
  async load(p, ctx) {
    const root = path.resolve(ctx.specDir, p.path);
    const pattern = compileNamePattern(p.pattern);
    checkTakes(p);
    const lexicon = requireLexicon(ctx, 'wav-folder');
    const skipped: { file: string; reason: string }[] = [];
    const matched = await matchFiles(root, p, pattern, ctx, skipped);
    checkVocabulary(matched, vocabularyOf(p));
    const entries = limitPerWord(matched, p.limit);
    if (entries.length === 0)
      throw new DataError(`${root}: no file matches the pattern "${p.pattern}"`, {
        location: { file: root, pointer: PATTERN_POINTER },
        hint: 'check params.path and params.pattern',
      });
    const audio = await decodeAll(entries, pipelineRate(ctx.requirements), ctx, skipped, {
      sampleRateRange: p.sampleRateRange as [number, number],
      maxDurationSec: p.maxDurationSec,
    });
    const kept = entries.filter((_, i) => audio[i] !== undefined);
    if (kept.length === 0)
      throw new DataError(`${root}: none of the ${entries.length} matching files could be read`, {
        location: { file: root },
        hint: 'see the skipped files for the reasons',
      });
    const speakers = pattern.fields.includes('speaker') ? kept.map((e) => e.speaker!) : undefined;
    const labeler = new SpeechLabeler(vocabularyOf(p), lexicon, speakers);
    const [first, last] = takesOf(p);
    const examples: Example[] = [];
    entries.forEach((e, i) => {
      const samples = audio[i];
      if (!samples) return;
      examples.push({
        id: e.rel.replace(/\.[^./]*$/, ''),
        input: waveformItem(samples),
        labels: labeler.labels(e.words, e.speaker, e.file),
        ...(e.speaker !== undefined ? { group: e.speaker } : {}),
        ...(e.take !== undefined
          ? { officialSplit: e.take >= first && e.take <= last ? ('test' as const) : ('train' as const) }
          : {}),
        source: e.file,
      });
    });
    const fingerprint = await wavFolderDataset.fingerprint!(p, ctx);
    return { examples, labels: labeler.info(), skipped, fingerprint } satisfies LoadedDataset;
  },
};

/** Turns a file-name pattern into a regex; unknown, repeated or missing fields are a SpecError. */
function compileNamePattern(pattern: string): NamePattern {
  const problems: Problem[] = [];
  const fields: string[] = [];
  let source = '^';
  let last = 0;
  for (const m of pattern.matchAll(/\{([^}]*)\}/g)) {
    source += escapeRegex(pattern.slice(last, m.index));
    last = m.index + m[0].length;
    const name = m[1]!;
    const re = FIELDS[name];
    if (re === undefined)
      problems.push({
        code: 'unknown-pattern-field',
        pointer: PATTERN_POINTER,
        message: `pattern "${pattern}" has an unknown field {${name}}`,
        hint: 'use {word}, {words}, {speaker} and {take}',
      });
    else if (fields.includes(name))
      problems.push({
        code: 'repeated-pattern-field',
        pointer: PATTERN_POINTER,
        message: `pattern "${pattern}" has {${name}} twice`,
      });
    else {
      fields.push(name);
      source += re;
    }
  }
  source += escapeRegex(pattern.slice(last)) + '$';
  const wordFields = fields.filter((f) => f === 'word' || f === 'words').length;
  if (wordFields !== 1)
    problems.push({
      code: 'pattern-word-field',
      pointer: PATTERN_POINTER,
      message: `pattern "${pattern}" must have exactly one of {word} and {words}`,
      hint: `e.g. "${DEFAULT_PATTERN}"`,
    });
  if (problems.length) throw new SpecError(problems);
  return { regex: new RegExp(source), fields, depth: pattern.split('/').length - 1 };
}

function vocabularyOf(p: WavFolderParams): readonly string[] {
  return p.vocabulary;
}

function takesOf(p: WavFolderParams): [number, number] {
  const [first = 0, last = 4] = p.officialTestTakes;
  return [first, last];
}

function checkTakes(p: WavFolderParams): void {
  const [first, last] = takesOf(p);
  if (first > last)
    throw new SpecError([
      {
        code: 'bad-range',
        pointer: '/dataset/params/officialTestTakes',
        message: `officialTestTakes [${first}, ${last}] is empty: the first take comes after the last`,
        hint: `write it as [${last}, ${first}]`,
      },
    ]);
}

/** Files of the folder that match the pattern; the others are skipped, ignored or an error (see the schema). */
async function matchFiles(
  root: string,
  p: WavFolderParams,
  pattern: NamePattern,
  ctx: DatasetLoadContext,
  skipped: { file: string; reason: string }[],
): Promise<Entry[]> {
  const wordMap = p.wordMap;
  const toWord = (token: string) => wordMap[token] ?? token.toLowerCase();
  const entries: Entry[] = [];
  for (const rel of await listFiles(root, pattern.depth)) {
    const file = path.join(root, rel);
    const m = pattern.regex.exec(rel);
    if (!m) {
      const reason = `name does not match the pattern "${p.pattern}"`;
      if (ctx.onBadFile === 'skip') skipped.push({ file, reason });
      else if (/\.wav$/i.test(rel))
        throw new DataError(`${file}: ${reason}`, {
          location: { file, pointer: PATTERN_POINTER },
          hint: 'rename the file, change params.pattern, or set "onBadFile": "skip" in the dataset',
        });
      continue;
    }
    const field = (name: string) => {
      const k = pattern.fields.indexOf(name);
      return k < 0 ? undefined : m[k + 1]!;
    };
    const words = field('word') !== undefined ? [toWord(field('word')!)] : field('words')!.split('-').map(toWord);
    const take = field('take');
    entries.push({ rel, file, words, speaker: field('speaker'), take: take === undefined ? undefined : Number(take) });
  }
  return entries;
}

/** Words outside the vocabulary are a configuration mistake, reported all at once before decoding. */
function checkVocabulary(entries: readonly Entry[], vocabulary: readonly string[]): void {
  const known = new Set(vocabulary);
  const unknown = new Map<string, string>();
  for (const e of entries) for (const w of e.words) if (!known.has(w) && !unknown.has(w)) unknown.set(w, e.file);
  if (unknown.size === 0) return;
  const list = [...unknown].map(([w, f]) => `"${w}" (${f})`).join(', ');
  throw new DataError(
    `${unknown.size} word${unknown.size === 1 ? '' : 's'} in file names ` +
      `${unknown.size === 1 ? 'is' : 'are'} not in the vocabulary: ${list}`,
    {
      location: { file: [...unknown.values()][0], pointer: '/dataset/params/vocabulary' },
      hint:
        `add ${unknown.size === 1 ? 'it' : 'them'} to params.vocabulary (now: ${vocabulary.join(', ')}), ` +
        `or map file tokens to vocabulary words with params.wordMap`,
    },
  );
}

/** At most `limit` files per word, evenly spread over the word's files ordered by speaker and take. */
function limitPerWord(entries: Entry[], limit: number | undefined): Entry[] {
  if (limit === undefined) return entries;
  const groups = new Map<string, Entry[]>();
  for (const e of entries) {
    const k = e.words.join(' ');
    const g = groups.get(k);
    if (g) g.push(e);
    else groups.set(k, [e]);
  }
  const out: Entry[] = [];
  for (const g of groups.values()) {
    g.sort((a, b) => cmp(a.speaker ?? '', b.speaker ?? '') || (a.take ?? 0) - (b.take ?? 0) || cmp(a.rel, b.rel));
    if (g.length <= limit) out.push(...g);
    else for (let k = 0; k < limit; k++) out.push(g[Math.floor((k * g.length) / limit)]!);
  }
  return out.sort((a, b) => cmp(a.rel, b.rel));
}

/** Decodes every entry at `rate`; bad files are skipped (undefined) or thrown, in file order. */
async function decodeAll(
  entries: readonly Entry[],
  rate: number,
  ctx: DatasetLoadContext,
  skipped: { file: string; reason: string }[],
  limits: WavReadOptions,
): Promise<(Float32Array | undefined)[]> {
  const out: (Float32Array | undefined)[] = [];
  for (let k = 0; k < entries.length; k += CONCURRENCY) {
    if (ctx.signal?.aborted) throw ctx.signal.reason ?? new Error('aborted');
    const batch = entries.slice(k, k + CONCURRENCY);
    const results = await Promise.all(
      batch.map((e) =>
        decodeOne(e.file, rate, limits).then(
          (x) => ({ x }),
          (err: unknown) => ({ err }),
        ),
      ),
    );
    results.forEach((r, n) => {
      const file = batch[n]!.file;
      if ('x' in r) return void out.push(r.x);
      if (!(r.err instanceof DataError)) throw r.err;
      const reason = r.err.message.startsWith(`${file}: `) ? r.err.message.slice(file.length + 2) : r.err.message;
      if (ctx.onBadFile !== 'skip')
        throw new DataError(`${file}: ${reason}`, {
          location: { file },
          hint: 'fix or remove the file, or set "onBadFile": "skip" in the dataset to leave it out',
        });
      skipped.push({ file, reason });
      out.push(undefined);
    });
    ctx.progress(Math.min(k + CONCURRENCY, entries.length), entries.length, 'reading recordings');
  }
  return out;
}

async function decodeOne(file: string, rate: number, limits: WavReadOptions): Promise<Float32Array> {
  const a = await readWav(file, limits);
  const x = a.sampleRate === rate ? a.samples : resample(a.samples, a.sampleRate, rate);
  if (x.length === 0)
    throw new DataError(`${file}: ${a.samples.length} samples at ${a.sampleRate} Hz make no sample at ${rate} Hz`, {
      location: { file },
    });
  return x;
}

/** Files (not folders, not dotfiles) exactly `depth` folders below root, as sorted '/'-separated relative paths. */
async function listFiles(root: string, depth: number): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string, level: number): Promise<void> => {
    let items;
    try {
      items = await readdir(path.join(root, rel), { withFileTypes: true });
    } catch (err) {
      if (level > 0) return;
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such folder' : code === 'ENOTDIR' ? 'not a folder' : (err as Error).message;
      throw new DataError(`cannot read the recordings folder ${root}: ${why}`, {
        location: { file: root, pointer: '/dataset/params/path' },
        hint: 'check params.path (relative to the spec file; ${VAR} expands from the environment, e.g. ${FSDD_DIR})',
        cause: err,
      });
    }
    for (const d of items) {
      if (d.name.startsWith('.')) continue;
      const r = rel ? `${rel}/${d.name}` : d.name;
      if (level < depth && d.isDirectory()) await walk(r, level + 1);
      else if (level === depth && !d.isDirectory()) out.push(r);
    }
  };
  await walk('', 0);
  return out.sort(cmp);
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
