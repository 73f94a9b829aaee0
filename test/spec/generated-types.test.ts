import test from 'ava';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

test('generated TypeScript types match the JSON Schemas (run npm run gen:types when this fails)', (t) => {
  try {
    execFileSync(process.execPath, ['scripts/generate-types.mjs', '--check'], { cwd: root, stdio: 'pipe' });
    t.pass();
  } catch (err) {
    t.fail(`stale generated types:\n${(err as { stderr?: Buffer }).stderr?.toString()}`);
  }
});
