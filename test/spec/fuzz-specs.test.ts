/**
 * Issue 14, item 12: property-based fuzzing of every spec in pipelines/ (fast-check). Mutations: values of any
 * type at any path (huge numbers, unicode and path-trick strings, deep nesting), deletions, truncated text,
 * duplicated stages, cycles, transforms and ablation blocks. Validation either passes or reports problems with a
 * pointer (or a line and column); plan never crashes on what validation passed; Object.prototype stays clean.
 * A failure prints the seed and the shrunk case (rerun with FUZZ_SEED=<seed>).
 */
import test from 'ava';
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { PipelineError, SpecError, UsageError } from '../../src/errors/pipeline-error.js';
import { preparePlan } from '../../src/plan/prepare-plan.js';
import { parseSpec } from '../../src/spec/load-spec.js';
import { catalogWith } from '../helpers/catalog.js';
import { repoRoot } from '../helpers/cli.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const catalog = catalogWith();
const dir = path.join(repoRoot, 'pipelines');
const texts = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ file: f, text: readFileSync(path.join(dir, f), 'utf8') }));

/** Every path (object keys and array indexes) in a document. */
function pathsOf(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (at.length > 12) return out; // deep values (from an earlier mutation) are not walked into
  if (Array.isArray(v)) v.forEach((x, i) => pathsOf(x, [...at, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) pathsOf(x, [...at, k], out);
  return out;
}

function deep(n: number, leaf: unknown, array: boolean): unknown {
  let v = leaf;
  for (let i = 0; i < n; i++) v = array ? [v] : { k: v };
  return v;
}

const tricky = fc.constantFrom(
  '',
  ' ',
  '../../../../etc/passwd',
  '/dev/null',
  '/proc/self/mem',
  '${HOME}',
  '${NOPE_NOT_SET}',
  '$${x}',
  '__proto__',
  'constructor',
  'prototype',
  '\u0000',
  '\uFEFF',
  '\u202Eevil',
  '👩‍👩‍👧‍👦',
  'x'.repeat(100_000),
  'Ω≈ç√∫',
  'stages.0',
  '#/stages',
);
const value: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(0, -1, 1e308, -1e308, 2 ** 53, 0.5, 1e-320, 3, 16, null, true, false, [], {}),
  fc.integer(),
  fc.double(),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  tricky,
  fc.nat({ max: 300 }).chain((n) => fc.boolean().map((a) => deep(n, 1, a))),
  fc.constant(deep(5000, 1, true)),
  fc.jsonValue({ maxDepth: 3 }),
);

type Mutation = (doc: Record<string, unknown>, pick: number) => unknown;
const setAt =
  (v: unknown): Mutation =>
  (doc, pick) => {
    const paths = pathsOf(doc).filter((p) => p.length > 0);
    const p = paths[pick % paths.length]!;
    let cur = doc as Record<string | number, unknown>;
    for (const k of p.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
    Object.defineProperty(cur, p[p.length - 1]!, { value: v, enumerable: true, writable: true, configurable: true });
    return doc;
  };
const remove: Mutation = (doc, pick) => {
  const paths = pathsOf(doc).filter((p) => p.length > 0);
  const p = paths[pick % paths.length]!;
  let cur = doc as Record<string | number, unknown>;
  for (const k of p.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  if (Array.isArray(cur)) cur.splice(Number(p[p.length - 1]), 1);
  else delete cur[p[p.length - 1]!];
  return doc;
};
const stagesOf = (doc: Record<string, unknown>) =>
  Array.isArray(doc.stages)
    ? (doc.stages as unknown[]).filter((s): s is Record<string, unknown> => !!s && typeof s === 'object')
    : [];
const duplicate: Mutation = (doc, pick) => {
  const s = stagesOf(doc);
  if (s.length) s.push(structuredClone(s[pick % s.length]!));
  return doc;
};
const cycle: Mutation = (doc, pick) => {
  const s = stagesOf(doc);
  if (s.length > 1) s[pick % s.length]!.inputs = [s[s.length - 1]!.id];
  return doc;
};
const block =
  (key: string, v: unknown): Mutation =>
  (doc) => {
    doc[key] = v;
    return doc;
  };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: value.map(setAt), weight: 6 },
  { arbitrary: fc.constant(remove), weight: 2 },
  { arbitrary: fc.constant(duplicate), weight: 1 },
  { arbitrary: fc.constant(cycle), weight: 1 },
  {
    arbitrary: fc
      .tuple(fc.constantFrom('collapse', 'transfer', 'multitask', 'nope'), fc.jsonValue({ maxDepth: 2 }), tricky)
      .map(([kind, extra, stage]) =>
        block('transforms', [
          { kind, stage, ...(typeof extra === 'object' && extra && !Array.isArray(extra) ? extra : {}) },
        ]),
      ),
    weight: 1,
  },
  {
    arbitrary: fc.tuple(tricky, value, fc.constantFrom('arms', 'grid', 'modes')).map(([p, v, what]) =>
      block(
        'ablation',
        what === 'arms'
          ? {
              arms: [
                { name: 'a', set: { [p]: v } },
                { name: 'b', set: {} },
              ],
            }
          : what === 'grid'
            ? { grid: { [p]: [v, 1] } }
            : { modes: [v] },
      ),
    ),
    weight: 1,
  },
);

/** What a case may end in: valid, or a user error that says where. */
function check(text: string, file: string): void {
  let loaded;
  try {
    loaded = parseSpec(text, file, {}, dir);
  } catch (err) {
    expectLocated(err);
    return;
  }
  for (const mode of [undefined, 'end-to-end', 'staged'] as const) {
    try {
      preparePlan(loaded, catalog, mode);
    } catch (err) {
      expectLocated(err);
    }
  }
}

function expectLocated(err: unknown): void {
  if (err instanceof SpecError) {
    for (const p of err.problems)
      if (p.pointer === undefined && !/line \d+, column \d+/.test(p.message))
        throw new Error(`a problem without a pointer: ${JSON.stringify(p).slice(0, 500)}`);
    return;
  }
  if (err instanceof UsageError || err instanceof PipelineError) return;
  throw err;
}

test('mutated specs validate or report located problems, and plan never crashes', (t) => {
  const started = Date.now();
  const before = Object.getOwnPropertyNames(Object.prototype).length;
  const spec = fc.tuple(
    fc.constantFrom(...texts),
    fc.array(fc.tuple(mutation, fc.nat()), { minLength: 1, maxLength: 3 }),
    fc.option(fc.nat(), { freq: 10 }),
  );
  const result = fc.check(
    fc.property(spec, ([{ file, text }, mutations, cut]) => {
      let doc = JSON.parse(text) as Record<string, unknown>;
      for (const [m, pick] of mutations) {
        if (!doc || typeof doc !== 'object') break;
        try {
          doc = m(doc, pick) as Record<string, unknown>;
        } catch (err) {
          // the generator's own copy (structuredClone) of a value nested too deep for it: not a case
          if (err instanceof RangeError) return;
          throw err;
        }
      }
      let out: string;
      try {
        out = JSON.stringify(doc);
      } catch {
        return; // a value too deep for JSON.stringify itself: not a spec a file can hold
      }
      if (cut !== null) out = out.slice(0, cut % (out.length + 1));
      check(out, file);
      if (Object.getOwnPropertyNames(Object.prototype).length !== before || ({} as { k?: unknown }).k !== undefined)
        throw new Error('Object.prototype was changed');
    }),
    { numRuns: RUNS, seed: SEED },
  );
  t.log(`${RUNS} cases in ${((Date.now() - started) / 1000).toFixed(1)} s, seed ${SEED}`);
  if (result.failed) {
    const err = result.errorInstance as Error | undefined;
    t.fail(`seed ${SEED} (FUZZ_SEED=${SEED}), path ${result.counterexamplePath}: ${err?.stack ?? String(err)}`);
  } else t.pass();
});
