/**
 * Hostile specs and --set paths (issue 14, items 3, 4 and 9): deep nesting, prototype keys and huge strings
 * give spec or usage errors with pointers, never a crash, a pollution of Object.prototype or minutes of work.
 */
import test from 'ava';
import { SpecError, UsageError } from '../../src/errors/pipeline-error.js';
import { checkPipeline } from '../../src/execute/check-pipeline.js';
import { parseSpec, validateSpec } from '../../src/spec/load-spec.js';
import { applyOverrides, setPath } from '../../src/spec/overrides.js';
import { compilePipeline } from '../../src/compile/compile-pipeline.js';
import { closest, didYouMean } from '../../src/util/suggest.js';
import { catalogWith } from '../helpers/catalog.js';
import { tabularSpec } from '../helpers/specs.js';

const clean = () => Object.keys(Object.prototype).length === 0 && ({} as Record<string, unknown>).x === undefined;

/** The JSON text of `depth` levels (JSON.stringify itself overflows on such a value). */
function nestedText(depth: number, kind: 'object' | 'array'): string {
  return kind === 'array'
    ? '['.repeat(depth) + '1' + ']'.repeat(depth)
    : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

function nested(depth: number, leaf: unknown, kind: 'object' | 'array'): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = kind === 'array' ? [v] : { a: v };
  return v;
}

for (const kind of ['object', 'array'] as const) {
  test(`10,000 levels of ${kind}s in a field is a spec error with a pointer, not a stack overflow`, (t) => {
    const raw = tabularSpec() as unknown as Record<string, any>;
    raw.description = nested(10_000, '${HOME}', kind);
    const err = t.throws(() => validateSpec(raw, 'deep.json'), { instanceOf: SpecError });
    t.is(err.problems[0]!.code, 'too-deep');
    t.true(err.problems[0]!.pointer!.startsWith('/description/'), err.problems[0]!.pointer);
    // the same from text, and as a --set value
    const text = JSON.stringify(tabularSpec()).replace('"tiny"', nestedText(20_000, kind));
    t.throws(() => parseSpec(text, 'deep.json'), { instanceOf: SpecError, message: /1 problem/ });
    // invalid JSON as deep (a truncated file): its error is located without recursion
    const cut = text.slice(0, text.length - 5);
    const bad = t.throws(() => parseSpec(cut, 'deep.json'), { instanceOf: SpecError });
    t.regex(bad.problems[0]!.message, /invalid JSON at line 1, column \d+: the document nests .* more than 64 levels/);
    const value = nestedText(20_000, kind);
    t.throws(() => validateSpec(tabularSpec(), 'x.json', { overrides: [`training.epochs=${value}`] }), {
      instanceOf: UsageError,
      message: /more than 64 levels/,
    });
  });
}

test('prototype paths in --set are usage errors and pollute nothing', (t) => {
  for (const p of ['__proto__.x', 'constructor.prototype.x', 'stages.0.__proto__.x', 'training.constructor.x']) {
    const err = t.throws(() => applyOverrides(tabularSpec() as never, [`${p}=1`]), { instanceOf: UsageError });
    t.regex(err.message, /is not a property of a spec/);
  }
  t.true(clean());
});

test('names that Object.prototype has (constructor, toString) are unknown labels and unset variables', async (t) => {
  for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
    const raw = tabularSpec() as unknown as { stages: { supervision?: string }[]; description?: string };
    raw.stages[2]!.supervision = name;
    const err = (await t.throwsAsync(checkPipeline(validateSpec(raw, 'l.json'), catalogWith()), {
      instanceOf: SpecError,
    }))!;
    const p = err.problems.find((x) => x.pointer === '/stages/2/supervision');
    t.truthy(p, JSON.stringify(err.problems));
    t.regex(p!.message, new RegExp(`provides no label \`${name}\``));
    t.notRegex(JSON.stringify(err.problems), /undefined/);
    const env = tabularSpec() as unknown as { description?: string };
    env.description = `\${${name}}`;
    if (name === '__proto__') continue; // not a variable name the pattern accepts
    const unset = t.throws(() => validateSpec(env, 'e.json', { env: {} }), { instanceOf: SpecError });
    t.regex(unset.problems[0]!.message, new RegExp(`environment variable ${name} is not set`));
  }
  t.true(clean());
});

test('a __proto__ key in the spec itself is a problem at its pointer', (t) => {
  const text = JSON.stringify(tabularSpec()).replace('"training":{', '"training":{"__proto__":{"x":1},');
  const err = t.throws(() => parseSpec(text, 'p.json'), { instanceOf: SpecError });
  t.is(err.problems[0]!.pointer, '/training/__proto__');
  t.true(clean());
});

test('prototype paths in ablation arms and grids are problems at the arm or grid pointer', async (t) => {
  const catalog = catalogWith();
  const arms = tabularSpec({
    ablation: {
      arms: [
        { name: 'a', set: { mode: 'staged' } },
        { name: 'b', set: { mode: 'staged' } },
        { name: 'c', set: { 'constructor.prototype.x': 1 } },
      ],
    },
  });
  const err = await t.throwsAsync(checkPipeline(validateSpec(arms, 'arms.json'), catalog), { instanceOf: SpecError });
  t.is(err.problems[0]!.pointer, '/ablation/arms/2/set/constructor.prototype.x', err.describe());
  const grid = tabularSpec({ ablation: { grid: { '__proto__.x': [1, 2] } } });
  const err2 = await t.throwsAsync(checkPipeline(validateSpec(grid, 'grid.json'), catalog), { instanceOf: SpecError });
  t.is(err2.problems[0]!.pointer, '/ablation/grid/__proto__.x', err2.describe());
  t.true(clean());
});

test('validate checks every ablation.grid value, pointing at it', async (t) => {
  const spec = tabularSpec({ ablation: { grid: { 'training.epochs': [2, 'many'] } } });
  const err = await t.throwsAsync(checkPipeline(validateSpec(spec, 'g.json'), catalogWith()), {
    instanceOf: SpecError,
  });
  t.is(err.problems.length, 1, err.describe());
  t.is(err.problems[0]!.pointer, '/training/epochs');
  t.regex(err.problems[0]!.message, /grid value training.epochs="many"/);
  t.regex(err.problems[0]!.hint!, /#\/ablation\/grid\/training.epochs\/1/);
});

test('setPath sets own properties only', (t) => {
  const doc: Record<string, unknown> = {};
  setPath(doc, 'a.toString', 1);
  t.is(Object.getOwnPropertyDescriptor(doc.a, 'toString')?.value, 1);
  t.true(clean());
});

test('a spec starting with a UTF-8 byte-order mark is read', (t) => {
  const { spec } = parseSpec('\uFEFF' + JSON.stringify(tabularSpec()), 'bom.json');
  t.is(spec.name, 'tiny');
});

test('a 20 MB stage kind, id or key gives a short error in seconds, not minutes', (t) => {
  const huge = 'k'.repeat(20_000_000);
  const started = Date.now();
  t.is(closest(huge, ['dense-classifier', 'standardize']), undefined);
  t.regex(didYouMean('x', [huge]), /k{60}\.\.\./);
  const spec = tabularSpec();
  spec.stages[1]!.kind = huge;
  spec.stages[2]!.inputs = [huge];
  const compiled = t.throws(() => compilePipeline(validateSpec(spec, 'huge.json').spec, catalogWith()), {
    instanceOf: SpecError,
  });
  const raw = tabularSpec() as unknown as Record<string, unknown>;
  raw[huge] = 1;
  (raw.training as Record<string, unknown>).optimizer = { kind: huge };
  const validated = t.throws(() => validateSpec(raw, 'huge.json'), { instanceOf: SpecError });
  for (const err of [compiled, validated]) {
    const text = err.describe() + JSON.stringify(err.problems);
    t.true(text.length < 10_000, `${text.length} characters`);
    t.regex(text, /\(20000000 characters\)/);
  }
  t.true(Date.now() - started < 10_000, `${Date.now() - started} ms`);
});
