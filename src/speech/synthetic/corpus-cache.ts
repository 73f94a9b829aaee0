/**
 * On-disk cache of synthetic corpora, keyed by content: sha256 of the normalised options, GENERATOR_VERSION,
 * the espeak-ng package version and the resampler id. An entry is two files in the cache directory:
 *   synthetic-<key>.f32   every utterance's samples, float32 little-endian, concatenated in order
 *   synthetic-<key>.json  the index: labels, offsets and lengths (in samples), and the sha256 of the .f32
 * Each is written to a temporary name and renamed into place, the index last, so a reader never sees a
 * half-written file under the final name; an entry that fails any check (unparsable index, other key,
 * wrong size, checksum) is regenerated and overwritten.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { espeakPackageVersion } from '../espeak/espeak-module.js';
import type { SyntheticCorpus, SyntheticUtterance } from './corpus.js';
import { generateSyntheticSpeech, type SyntheticSpeechDeps } from './generate.js';
import { normaliseOptions, type SyntheticSpeechOptions } from './options.js';

/** Bump when the generator's output changes for the same options (planning, trimming, noise...). */
const GENERATOR_VERSION = 1;

const FORMAT = 'concertina-synthetic-corpus';

/** A corpus with where it came from. */
export interface CachedCorpus {
  readonly corpus: SyntheticCorpus;
  readonly fromCache: boolean;
  /** Why the entry was (re)generated: 'missing', or what was wrong with it. */
  readonly regenerated?: string;
  readonly key: string;
  /** The index file of the entry. */
  readonly file: string;
}

type IndexEntry = Omit<SyntheticUtterance, 'samples'> & { offset: number; length: number };

interface CacheIndex {
  format: string;
  key: string;
  sampleRate: number;
  totalSamples: number;
  sha256: string;
  options: SyntheticCorpus['options'];
  utterances: IndexEntry[];
}

/** The content key of what these options (and resampler) would generate. */
export function corpusKey(options: SyntheticSpeechOptions, deps: SyntheticSpeechDeps = {}): string {
  const resampler = deps.resamplerId ?? (deps.resample ? 'custom' : 'audio/resample:medium');
  const content = {
    generator: GENERATOR_VERSION,
    espeak: espeakPackageVersion(),
    resampler,
    options: normaliseOptions(options),
  };
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/** Reads the corpus for `options` from `cacheDir`, or generates and stores it (see the file comment). */
export async function loadOrGenerate(
  options: SyntheticSpeechOptions,
  cacheDir: string,
  deps: SyntheticSpeechDeps = {},
): Promise<CachedCorpus> {
  const key = corpusKey(options, deps);
  const base = join(cacheDir, `synthetic-${key}`);
  const read = await readEntry(base, key);
  if ('corpus' in read) return { corpus: read.corpus, fromCache: true, key, file: `${base}.json` };
  const corpus = await generateSyntheticSpeech(options, deps);
  await writeEntry(base, key, corpus);
  return { corpus, fromCache: false, regenerated: read.problem, key, file: `${base}.json` };
}

async function readEntry(base: string, key: string): Promise<{ corpus: SyntheticCorpus } | { problem: string }> {
  let text: string;
  try {
    text = await readFile(`${base}.json`, 'utf8');
  } catch {
    return { problem: 'missing' };
  }
  let index: CacheIndex;
  try {
    index = JSON.parse(text) as CacheIndex;
  } catch (e) {
    return { problem: `corrupt index: ${(e as Error).message}` };
  }
  if (index.format !== FORMAT || index.key !== key) return { problem: 'index of another format or key' };
  let bytes: Buffer;
  try {
    bytes = await readFile(`${base}.f32`);
  } catch {
    return { problem: 'sample file missing' };
  }
  if (bytes.byteLength !== index.totalSamples * 4) {
    return { problem: `sample file holds ${bytes.byteLength} bytes, index says ${index.totalSamples * 4}` };
  }
  if (createHash('sha256').update(bytes).digest('hex') !== index.sha256)
    return { problem: 'sample file checksum mismatch' };
  if (index.utterances.some((u) => !(u.offset >= 0 && u.length >= 0 && u.offset + u.length <= index.totalSamples))) {
    return { problem: 'index offsets outside the sample file' };
  }
  // A fresh copy is 4-byte aligned, which a Float32Array view needs.
  const all = new Float32Array(new Uint8Array(bytes).buffer);
  const utterances = index.utterances.map(({ offset, length, ...labels }) => ({
    ...labels,
    samples: all.subarray(offset, offset + length),
  }));
  return { corpus: { sampleRate: index.sampleRate, utterances, options: index.options } };
}

async function writeEntry(base: string, key: string, corpus: SyntheticCorpus): Promise<void> {
  await mkdir(join(base, '..'), { recursive: true });
  const total = corpus.utterances.reduce((n, u) => n + u.samples.length, 0);
  const all = new Float32Array(total);
  const utterances: IndexEntry[] = [];
  let offset = 0;
  for (const { samples, ...labels } of corpus.utterances) {
    all.set(samples, offset);
    utterances.push({ ...labels, offset, length: samples.length });
    offset += samples.length;
  }
  const bytes = new Uint8Array(all.buffer);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const index: CacheIndex = {
    format: FORMAT,
    key,
    sampleRate: corpus.sampleRate,
    totalSamples: total,
    sha256,
    options: corpus.options,
    utterances,
  };
  await atomicWrite(`${base}.f32`, bytes);
  await atomicWrite(`${base}.json`, JSON.stringify(index));
}

let tempCounter = 0;

async function atomicWrite(file: string, data: Uint8Array | string): Promise<void> {
  const temp = `${file}.${process.pid}-${threadId}-${++tempCounter}.tmp`;
  try {
    await writeFile(temp, data);
    await rename(temp, file);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}
