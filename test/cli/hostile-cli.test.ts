/**
 * Issue 14, item 10: bad plugins, bad folders and bad flag values are usage or plugin errors (exit 2) that name
 * what is wrong, never a "bug" message or a hang; a BOM is accepted; arm and grid problems carry their pointers.
 */
import test, { type ExecutionContext } from 'ava';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cli, repoRoot } from '../helpers/cli.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'concertina-hostile-'));
const aFile = path.join(tmp, 'a-file');
writeFileSync(aFile, 'x');
const tabular = path.join(repoRoot, 'pipelines/tabular.json');

function expectUsage(t: ExecutionContext, r: { code: number | null; stderr: string }, what: RegExp) {
  t.is(r.code, 2, r.stderr);
  t.regex(r.stderr, what);
  t.notRegex(r.stderr, /bug in concertina|\n\s+at /);
}

const plugins: [string, RegExp][] = [
  ['throw-import.mjs', /failed to load: boom at import/],
  ['load-throws.mjs', /failed to register its kinds: load failed/],
  ['builtin.mjs', /registers stage kind `input`, which concertina already registers/],
  ['garbage.mjs', /exports no kinds: its default export is a number/],
  ['nonstring.mjs', /whose `kind` is not a non-empty string \(number\)/],
  ['garbage-array.mjs', /whose `kind` is not a non-empty string \(missing\)/],
  ['no-schema.mjs', /stage kind `mine` without a `paramsSchema` object/],
];
for (const [file, what] of plugins) {
  test.serial(`plugin ${file} is a plugin error naming the file`, async (t) => {
    const p = path.join(repoRoot, 'test/fixtures/plugins/bad', file);
    const r = await cli(['validate', tabular, '--plugin', p]);
    expectUsage(t, r, what);
    t.true(r.stderr.includes(file));
  });
}

const folders: [string[], RegExp][] = [
  [['run', tabular, '--out', aFile], /--out .*a-file is a file, not a folder/],
  [['run', tabular, '--out', path.join(aFile, 'x')], /a-file is a file, not a folder/],
  [['--runs', '/dev/null/x', 'run', tabular], /--runs \/dev\/null\/x: .* inside \/dev/],
  [['--cache', '/proc/self/x', 'run', tabular], /--cache \/proc\/self\/x: .* inside \/proc/],
  [['ablate', tabular, '--out', '/sys/x'], /--out \/sys\/x: .* inside \/sys/],
  [['--cache', aFile, 'cache', 'info'], /is a file, not a folder/],
  [['cache', 'prune', '--older-than', '-3'], /--older-than -3: expected a number of days, 0 or more/],
  [['cache', 'prune', '--older-than', 'abc'], /--older-than abc: expected a number of days/],
];
for (const [args, what] of folders) {
  test.serial(`${args.join(' ').replace(tmp, '<tmp>')} is a usage error`, async (t) => {
    expectUsage(t, await cli(args, { cwd: tmp, timeoutMs: 60_000 }), what);
  });
}

test.serial('a spec with a UTF-8 byte-order mark validates', async (t) => {
  const file = path.join(tmp, 'bom.json');
  writeFileSync(file, '\uFEFF' + readFileSync(tabular, 'utf8'));
  const r = await cli(['validate', file]);
  t.is(r.code, 0, r.stderr);
});

test.serial('a problem an ablation arm causes carries the arm pointer', async (t) => {
  const spec = JSON.parse(readFileSync(tabular, 'utf8'));
  spec.ablation = {
    arms: [
      { name: 'a', set: {} },
      { name: 'b', set: { 'stages.nope.params.x': 1 } },
    ],
  };
  const file = path.join(tmp, 'arms.json');
  writeFileSync(file, JSON.stringify(spec));
  const r = await cli(['validate', file]);
  expectUsage(t, r, /#\/ablation\/arms\/1\/set\/stages\.nope\.params\.x: in ablation arm `b`: .*no stage `nope`/);
});

test.serial('prototype paths on the command line are usage errors', async (t) => {
  for (const set of ['__proto__.x=1', 'constructor.prototype.x=1']) {
    expectUsage(t, await cli(['validate', tabular, '--set', set]), /is not a property of a spec/);
  }
  expectUsage(t, await cli(['ablate', tabular, '--dry-run', '--grid', '__proto__.x=1,2']), /--grid __proto__\.x/);
});
