import test from 'ava';
import { SpecError } from '../../src/errors/pipeline-error.js';
import { lineColumn, parseJson } from '../../src/spec/parse-json.js';

test('invalid JSON reports line and column of the mistake', (t) => {
  const text = '{\n  "name": "x",\n  "stages": [1, 2,]\n}';
  const err = t.throws(() => parseJson(text, 'p.json'), { instanceOf: SpecError });
  t.is(err.problems.length, 1);
  t.is(err.problems[0]!.code, 'invalid-json');
  t.regex(err.problems[0]!.message, /line 3, column 19/);
  t.regex(err.problems[0]!.hint ?? '', /trailing comma/);
  t.is(err.problems[0]!.file, 'p.json');
});

test('a truncated file says it ends early', (t) => {
  const err = t.throws(() => parseJson('{"a": [1, 2', 'q.json'), { instanceOf: SpecError });
  t.regex(err.problems[0]!.message, /line 1/);
  t.regex(err.problems[0]!.hint ?? '', /ends early/);
});

test('lineColumn counts from 1', (t) => {
  t.deepEqual(lineColumn('ab\ncd', 0), { line: 1, column: 1 });
  t.deepEqual(lineColumn('ab\ncd', 4), { line: 2, column: 2 });
});
