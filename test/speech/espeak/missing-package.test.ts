import test, { type ExecutionContext } from 'ava';
import { createRequire } from 'node:module';
import path from 'node:path';
import '../../fixtures/no-espeak/hide-espeak.mjs';
import { DataError } from '../../../src/errors/pipeline-error.js';
import { compileEspeak, espeakPackageVersion, loadEspeakFactory } from '../../../src/speech/espeak/espeak-module.js';
import { loadOrGenerate } from '../../../src/speech/synthetic/corpus-cache.js';
import { cli, repoRoot } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

// The optional package espeak-ng is missing, for this process (ava runs each test file in its own) and for
// the CLI processes below: the preloaded hook fails every resolution of it, as a `--omit=optional` install does.
const HIDE = path.join(repoRoot, 'test/fixtures/no-espeak/hide-espeak.mjs');
const require = createRequire(import.meta.url);

/** The error, its licence and how to install the package, as the user must read them. */
function checkMissing(t: ExecutionContext, e: { name?: string; message?: string; hint?: string }) {
  t.is(e.name, 'DataError');
  t.is(e.message, 'synthetic speech needs the optional package espeak-ng, which is not installed');
  t.regex(e.hint ?? '', /espeak-ng \(GPL-3\.0-or-later\)/);
  t.regex(e.hint ?? '', /`npm install espeak-ng`/);
}

test('the hook hides espeak-ng from resolution', (t) => {
  const err = t.throws(() => require.resolve('espeak-ng/package.json'));
  t.is((err as Error & { code?: string }).code, 'MODULE_NOT_FOUND');
});

for (const [what, call] of [
  ['its version (cache keys)', async () => espeakPackageVersion()],
  ['its compiled wasm', () => compileEspeak()],
  ['its Emscripten factory', () => loadEspeakFactory()],
  [
    'a synthetic corpus',
    () => loadOrGenerate({ vocabulary: ['zero', 'one'], utterancesPerWord: 1, seed: 1, workers: 1 }, tempDir()),
  ],
] as const) {
  test(`without espeak-ng, ${what} fails: a DataError naming the package, licence and install`, async (t) => {
    const err = await t.throwsAsync(call, { instanceOf: DataError });
    if (!err) return;
    checkMissing(t, err as DataError);
    const cause = err.cause as { code?: string } | undefined;
    t.is(cause?.code, 'MODULE_NOT_FOUND', 'the resolution failure is its cause');
  });
}

test('without espeak-ng, `concertina run` of a synthetic-speech spec fails as a run, not as a bug', async (t) => {
  const dir = tempDir();
  const r = await cli(['run', path.join(repoRoot, 'pipelines/synthetic-digits.json'), '--json'], {
    env: {
      CONCERTINA_RUNS: path.join(dir, 'runs'),
      CONCERTINA_CACHE: path.join(dir, 'cache'),
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import "${HIDE}"`,
      CONCERTINA_DEBUG: '',
    },
    timeoutMs: 120_000,
  });
  // Exit codes (README): 1 the run failed, 2 invalid spec or usage; the spec is valid, its data cannot be made.
  t.is(r.code, 1, r.stderr);
  checkMissing(t, (JSON.parse(r.stdout) as { error: { name: string; message: string; hint: string } }).error);
  t.regex(r.stderr, /^error: synthetic speech needs the optional package espeak-ng, which is not installed$/m);
  t.regex(r.stderr, /hint: espeak-ng \(GPL-3\.0-or-later\) .* `npm install espeak-ng`/);
  t.notRegex(r.stderr, /looks like a bug/);
  t.notRegex(r.stderr, /^\s+at /m, 'no stack trace');
});
