import test from 'ava';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { bisectEntry } from '../../src/speech/lexicon.js';

const text = readFileSync(createRequire(import.meta.url).resolve('cmu-pronouncing-dictionary'), 'utf8');
const entries = [...text.matchAll(/\n {2}"([^"]*)": "([^"]*)"/g)].map((m) => [m[1]!, m[2]!] as const);

test('binary search over the dictionary text finds almost every entry, and never a wrong one', (t) => {
  t.true(entries.length > 130_000);
  let found = 0;
  for (const [key, value] of entries) {
    const hit = bisectEntry(text, key);
    if (hit === null) continue;
    t.is(hit, value, key);
    found++;
  }
  // The keys are sorted save for a few punctuation cases, which the linear scan settles.
  t.true(found / entries.length > 0.98, `${found} of ${entries.length}`);
  for (const word of ['zero', 'one', 'two', 'seven', 'nine', 'oh']) t.not(bisectEntry(text, word), null, word);
  t.is(bisectEntry(text, 'qqqxzy'), null);
  t.is(bisectEntry(text, ''), null);
});
