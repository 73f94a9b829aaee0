import test from 'ava';
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusKey, loadOrGenerate } from '../../../src/speech/synthetic/corpus-cache.js';
import type { SyntheticCorpus } from '../../../src/speech/synthetic/corpus.js';
import type { SyntheticSpeechOptions } from '../../../src/speech/synthetic/options.js';

const options: SyntheticSpeechOptions = {
  vocabulary: ['zero', 'three', 'eight', 'four'],
  utterancesPerWord: 2,
  seed: 3,
  workers: 1,
};
const identical = (a: SyntheticCorpus, b: SyntheticCorpus): boolean =>
  JSON.stringify(a.utterances.map(({ samples: _samples, ...l }) => l)) ===
    JSON.stringify(b.utterances.map(({ samples: _samples, ...l }) => l)) &&
  JSON.stringify(a.options) === JSON.stringify(b.options) &&
  a.utterances.every(
    (u, i) =>
      u.samples.length === b.utterances[i]!.samples.length &&
      u.samples.every((v, k) => v === b.utterances[i]!.samples[k]),
  );

const withDir = async (f: (dir: string) => Promise<void>): Promise<void> => {
  const dir = await mkdtemp(join(tmpdir(), 'concertina-synth-'));
  try {
    await f(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

test('a second call reads the same corpus back, much faster', (t) =>
  withDir(async (dir) => {
    let start = performance.now();
    const first = await loadOrGenerate(options, dir);
    const generateMs = performance.now() - start;
    start = performance.now();
    const second = await loadOrGenerate(options, dir);
    const readMs = performance.now() - start;
    t.false(first.fromCache);
    t.is(first.regenerated, 'missing');
    t.true(second.fromCache);
    t.is(second.key, first.key);
    t.true(identical(first.corpus, second.corpus));
    t.true(readMs * 4 < generateMs, `read ${readMs.toFixed(0)} ms vs generate ${generateMs.toFixed(0)} ms`);
  }));

test('the key covers what changes the corpus and nothing else', (t) => {
  const key = corpusKey(options);
  t.regex(key, /^[0-9a-f]{64}$/);
  t.is(corpusKey({ ...options, workers: 3, onProgress: () => {} }), key);
  t.is(corpusKey({ ...options, speed: [130, 210] }), key, 'explicit default');
  t.not(corpusKey({ ...options, seed: 4 }), key);
  t.not(corpusKey({ ...options, noise: { snrDb: [0, 10] } }), key);
  t.not(corpusKey({ ...options, lexicon: { overrides: { zero: 'Z IY R OW' } } }), key);
  t.not(corpusKey(options, { resample: (x) => x, resamplerId: 'mine' }), key);
});

test('a truncated sample file or a broken index is detected and regenerated', (t) =>
  withDir(async (dir) => {
    const first = await loadOrGenerate(options, dir);
    const samples = first.file.replace(/\.json$/, '.f32');
    await truncate(samples, 1000);
    const afterTruncation = await loadOrGenerate(options, dir);
    t.false(afterTruncation.fromCache);
    t.regex(afterTruncation.regenerated!, /sample file holds 1000 bytes/);
    t.true(identical(first.corpus, afterTruncation.corpus));

    const bytes = await readFile(samples);
    bytes[bytes.length - 1] ^= 0xff;
    await writeFile(samples, bytes);
    t.regex((await loadOrGenerate(options, dir)).regenerated!, /checksum mismatch/);

    const index = await readFile(first.file, 'utf8');
    await writeFile(first.file, index.slice(0, index.length / 2));
    const afterBadIndex = await loadOrGenerate(options, dir);
    t.regex(afterBadIndex.regenerated!, /corrupt index/);
    t.true(identical(first.corpus, afterBadIndex.corpus));
    t.true((await loadOrGenerate(options, dir)).fromCache, 'the regenerated entry is whole again');
  }));
