import test from 'ava';
import { SpecError, UsageError } from '../../src/errors/pipeline-error.js';
import { validateSpec } from '../../src/spec/load-spec.js';
import { expandEnv } from '../../src/spec/expand-env.js';
import { applyOverrides } from '../../src/spec/overrides.js';
import { tabularSpec } from '../helpers/specs.js';

test('a valid spec gets its defaults filled in', (t) => {
  const { spec } = validateSpec(tabularSpec(), 'ok.json');
  t.is(spec.mode, 'staged');
  t.is(spec.dataset.trainFraction, 1);
  t.is(spec.training?.optimizer?.kind, 'adam');
  t.deepEqual(spec.transforms, []);
});

test('every schema problem is reported at once with a pointer and a hint', (t) => {
  const raw = tabularSpec() as unknown as Record<string, any>;
  raw.trainning = { epochs: 3 };
  raw.mode = 'end2end';
  raw.stages[1].inputz = ['data'];
  raw.training.epochs = 'ten';
  delete raw.dataset.kind;
  const err = t.throws(() => validateSpec(raw, 'bad.json'), { instanceOf: SpecError });
  const at = (p: string) => err.problems.find((x) => x.pointer === p);
  t.is(err.problems.length, 5, err.describe());
  t.regex(at('/trainning')!.message, /unknown property/);
  t.regex(at('/trainning')!.hint!, /did you mean `training`/);
  t.regex(at('/mode')!.message, /must be one of `staged`, `end-to-end`/);
  t.regex(at('/stages/1/inputz')!.hint!, /did you mean `inputs`/);
  t.regex(at('/training/epochs')!.message, /must be an integer \(got string "ten"\)/);
  t.regex(at('/dataset/kind')!.message, /missing required property `kind`/);
  t.true(err.problems.every((p) => p.file === 'bad.json'));
});

test('an unknown split kind names the allowed ones', (t) => {
  const raw = tabularSpec({ dataset: { kind: 'synthetic-tabular', split: { kind: 'by-speaker' } as never } });
  const err = t.throws(() => validateSpec(raw, 's.json'), { instanceOf: SpecError });
  t.is(err.problems.length, 1, err.describe());
  t.is(err.problems[0]!.pointer, '/dataset/split/kind');
  t.regex(err.problems[0]!.hint!, /official|by-group/);
});

test('${VAR} expands from the environment; unset variables are problems', (t) => {
  const { value, problems } = expandEnv(
    { a: '${HOME_X}/data', b: ['${MISSING}', '${ALSO_MISSING:-fallback}'], c: '$${literal}' },
    { HOME_X: '/h' },
    'e.json',
  );
  t.deepEqual(value, { a: '/h/data', b: ['${MISSING}', 'fallback'], c: '${literal}' });
  t.is(problems.length, 1);
  t.is(problems[0]!.pointer, '/b/0');
  t.regex(problems[0]!.message, /MISSING is not set/);
});

test('unset variables and schema problems come in one report', (t) => {
  const raw = tabularSpec({
    dataset: { kind: 'csv', params: { path: '${NOPE_DIR}/x.csv', label: 'y' } },
  }) as unknown as Record<string, any>;
  raw.extra = 1;
  const err = t.throws(() => validateSpec(raw, 'v.json', { env: {} }), { instanceOf: SpecError });
  t.deepEqual(err.problems.map((p) => p.pointer).sort(), ['/dataset/params/path', '/extra']);
});

test('--set overrides reach stages by id, parse JSON values and reject unknown stages', (t) => {
  const raw = tabularSpec() as unknown as Record<string, unknown>;
  const out = applyOverrides(raw, [
    'training.epochs=7',
    'stages.classifier.params.hidden=[8,8]',
    'dataset.trainFraction=0.5',
    'name=other',
  ]) as any;
  t.is(out.training.epochs, 7);
  t.deepEqual(out.stages[2].params.hidden, [8, 8]);
  t.is(out.dataset.trainFraction, 0.5);
  t.is(out.name, 'other');
  t.is((raw as any).training.epochs, 3, 'the input is not modified');
  const err = t.throws(() => applyOverrides(raw, ['stages.clasifier.params.hidden=[1]']), { instanceOf: UsageError });
  t.regex(err.hint!, /did you mean `classifier`/);
  t.throws(() => applyOverrides(raw, ['novalue']), { instanceOf: UsageError });
});
