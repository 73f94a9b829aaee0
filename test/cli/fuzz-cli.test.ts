/**
 * Issue 14, item 12 (CLI sample): mutated specs through `validate` and, when valid, `plan --mode end-to-end`:
 * exit 0 or 2, no stack trace, no "bug" message. A few dozen cases, seeded (FUZZ_SEED).
 */
import test from 'ava';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli, repoRoot } from '../helpers/cli.js';

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const CASES = 12;
const dir = path.join(repoRoot, 'pipelines');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'concertina-fuzz-cli-'));
const specs = readdirSync(dir).filter((f) => f.endsWith('.json'));

const mutate = fc.tuple(
  fc.constantFrom(...specs),
  fc.constantFrom(
    'name',
    'mode',
    'training.epochs',
    'stages.1.kind',
    'stages.1.inputs',
    'dataset.params',
    'transforms',
  ),
  fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(1e308, -1, '__proto__', '', '${NOPE}', '\uFEFF')),
  fc.boolean(),
);

test('validate, then plan --mode end-to-end, on mutated specs: exit 0 or 2, never a bug message', async (t) => {
  const cases = fc.sample(mutate, { numRuns: CASES, seed: SEED });
  let n = 0;
  for (const [file, key, value, truncate] of cases) {
    const doc = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>;
    let text = JSON.stringify(doc);
    const target = path.join(tmp, `${n++}-${file}`);
    if (truncate) text = text.slice(0, text.length >> 1);
    writeFileSync(target, text);
    const args = ['validate', target, '--set', `${key}=${JSON.stringify(value)}`];
    for (const command of [args, ['plan', target, '--mode', 'end-to-end', ...args.slice(2)]]) {
      const r = await cli(command, { cwd: dir, timeoutMs: 60_000, env: { FSDD_DIR: '/nonexistent' } });
      const what = `seed ${SEED}: concertina ${command.join(' ')}\n${r.stderr.slice(0, 2000)}`;
      t.true(r.code === 0 || r.code === 2, what);
      t.notRegex(r.stderr, /bug in concertina|\n\s+at \S+ \(/, what);
      if (command[0] === 'validate' && r.code !== 0) break;
    }
  }
  t.log(`${CASES} cases, seed ${SEED}`);
});
