import test from 'ava';
import { SpecError } from '../../src/errors/pipeline-error.js';
import { Lexicon } from '../../src/speech/lexicon.js';
import { phoneId } from '../../src/speech/phone-set.js';

const DIGITS: Record<string, string> = {
  zero: 'Z IH R OW',
  one: 'W AH N',
  two: 'T UW',
  three: 'TH R IY',
  four: 'F AO R',
  five: 'F AY V',
  six: 'S IH K S',
  seven: 'S EH V AH N',
  eight: 'EY T',
  nine: 'N AY N',
  oh: 'OW',
};

test('the ten digits and "oh" have their first CMU pronunciation, stress stripped', (t) => {
  const lex = new Lexicon();
  for (const [word, phones] of Object.entries(DIGITS)) t.deepEqual(lex.pronounce(word), phones.split(' '), word);
  t.deepEqual(lex.pronounce('  Seven '), DIGITS['seven']!.split(' '), 'case and spaces are normalised');
});

test('phoneIds are phone-set ids (index + 1, 0 left for the blank)', (t) => {
  const lex = new Lexicon();
  t.deepEqual(lex.phoneIds('zero'), ['Z', 'IH', 'R', 'OW'].map(phoneId));
  t.false(lex.phoneIds('seven').includes(0));
});

test('a variant index picks a later pronunciation and falls back to the first', (t) => {
  t.deepEqual(new Lexicon({ variant: 1 }).pronounce('zero'), ['Z', 'IY', 'R', 'OW']);
  t.deepEqual(new Lexicon({ variant: 1 }).pronounce('seven'), ['S', 'EH', 'V', 'AH', 'N'], 'seven has one entry');
  t.deepEqual(new Lexicon().pronunciations('zero'), [
    ['Z', 'IH', 'R', 'OW'],
    ['Z', 'IY', 'R', 'OW'],
  ]);
  t.throws(() => new Lexicon({ variant: -1 }), { instanceOf: RangeError });
});

test('overrides add words and replace pronunciations; stress digits are accepted', (t) => {
  const lex = new Lexicon({ overrides: { zero: 'Z IY1 R OW0', Blorp: 'b l ao r p' } });
  t.deepEqual(lex.pronounce('zero'), ['Z', 'IY', 'R', 'OW']);
  t.deepEqual(lex.pronounce('blorp'), ['B', 'L', 'AO', 'R', 'P']);
  t.deepEqual(lex.pronunciations('zero'), [['Z', 'IY', 'R', 'OW']]);
  t.deepEqual(lex.check(['zero', 'blorp', 'one']), []);
});

test('every unknown word is reported at once with a hint and a near spelling', (t) => {
  const lex = new Lexicon();
  const problems = lex.check(['one', 'sevn', 'qzxqzx', 'sevn', 'fiev'], { pointer: '/vocabulary' });
  t.deepEqual(
    problems.map((p) => p.code),
    ['unknown-word', 'unknown-word', 'unknown-word'],
    'one problem per distinct word',
  );
  const [sevn, nonsense, fiev] = problems;
  t.regex(sevn!.message, /"sevn" is not in the CMU pronouncing dictionary/);
  t.regex(sevn!.hint!, /did you mean .*"seven"/);
  t.regex(sevn!.hint!, /add a lexicon override, e\.g\. "overrides": \{ "sevn": /);
  t.is(sevn!.pointer, '/vocabulary');
  t.regex(fiev!.hint!, /did you mean "five"/);
  t.notRegex(nonsense!.hint!, /did you mean/);
  t.regex(nonsense!.hint!, /add a lexicon override/);
});

test('pronouncing an unknown word throws a SpecError carrying the problem', (t) => {
  const err = t.throws(() => new Lexicon().pronounce('sevn'), { instanceOf: SpecError });
  t.is(err!.problems[0]!.code, 'unknown-word');
  t.false(new Lexicon().has('sevn'));
  t.true(new Lexicon().has('seven'));
});

test('override phones outside the phone set are problems naming the phone', (t) => {
  const lex = new Lexicon({ overrides: { blorp: 'B L AX R P', empty: '  ' } });
  const problems = lex.check(['blorp', 'one']);
  t.deepEqual(
    problems.map((p) => p.code),
    ['unknown-phone', 'empty-pronunciation'],
  );
  t.regex(problems[0]!.message, /override for "blorp" uses "AX", not in the ARPAbet phone set/);
  t.regex(problems[0]!.hint!, /AA AE AH/);
  const err = t.throws(() => lex.pronounce('blorp'), { instanceOf: SpecError });
  t.is(err!.problems[0]!.code, 'unknown-phone');
});

test('the dictionary is read once per process: later lexicons look words up fast', (t) => {
  new Lexicon().pronounce('seven'); // may load
  const start = performance.now();
  for (let i = 0; i < 20; i++) {
    const lex = new Lexicon();
    for (const word of Object.keys(DIGITS)) lex.pronounce(word);
  }
  const ms = performance.now() - start;
  t.true(ms < 200, `220 look-ups on warm lexicons took ${ms.toFixed(0)} ms`);
});
