import test from 'ava';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { cli, repoRoot } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

/** The modules a command imports, recorded by module hooks (test/fixtures/loader). */
async function importsOf(args: string[]): Promise<{ code: number | null; modules: string[]; stderr: string }> {
  const log = path.join(tempDir(), 'imports.log');
  const loader = path.join(repoRoot, 'test/fixtures/loader/record-imports.mjs');
  const r = await cli(args, { env: { CONCERTINA_IMPORT_LOG: log, NODE_OPTIONS: `--import=${loader}` } });
  return { code: r.code, stderr: r.stderr, modules: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

const HEAVY = /node_modules\/(@tensorflow|inversify|reflect-metadata|rxjs|espeak-ng|bullmq|ioredis|vega[^/]*)\//;
const heavy = (modules: string[]) => modules.filter((m) => HEAVY.test(m) || /\/src\/serve\//.test(m));

for (const args of [
  ['validate', 'pipelines/spoken-digits.json'],
  [
    'plan',
    'pipelines/synthetic-digits.json',
    '--set',
    'transforms=[{"kind":"collapse","from":"features","to":"phonemes"}]',
  ],
  ['plan', 'pipelines/tabular.json', '--dot'],
]) {
  const name = `${args.slice(0, 2).join(' ')}${args.length > 2 ? ' ...' : ''}`;
  test(`${name} loads no tf, no DI container, no rxjs, no queue client, no vega or dashboard server`, async (t) => {
    const r = await importsOf(args);
    t.is(r.code, 0, r.stderr);
    t.true(r.modules.length > 20, 'the hooks saw the imports');
    t.deepEqual(heavy(r.modules), []);
    t.notRegex(r.stderr, /TensorFlow\.js in Node/);
  });
}

test('plan --layers builds the network (and loads tf) without the tfjs banner', async (t) => {
  const r = await importsOf(['plan', 'pipelines/synthetic-digits.json', '--mode', 'end-to-end']);
  t.is(r.code, 0, r.stderr);
  t.true(heavy(r.modules).some((m) => m.includes('@tensorflow')));
  t.notRegex(r.stderr, /Hi, looks like you are running TensorFlow\.js/);
});
