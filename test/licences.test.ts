import test from 'ava';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './helpers/cli.js';
// @ts-expect-error: a plain .mjs script without types
import { BEGIN, END, licenceRows, licenceTable } from '../scripts/licences.mjs';

interface Row {
  name: string;
  version: string;
  licence: string;
  kind: string;
}

test("README's licences table lists every runtime dependency as the lockfile records it", (t) => {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const block = readme.slice(readme.indexOf(BEGIN) + BEGIN.length, readme.indexOf(END)).trim();
  t.is(block, licenceTable(), 'run `node scripts/licences.mjs --write` and commit README.md');
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    optionalDependencies: Record<string, string>;
  };
  const rows = licenceRows() as Row[];
  t.deepEqual(
    rows.map((r) => r.name).sort(),
    [...Object.keys(pkg.dependencies), ...Object.keys(pkg.optionalDependencies)].sort(),
  );
  // Installed packages agree with the lockfile (an `npm install` that drifted would show here).
  for (const r of rows) {
    const file = path.join(repoRoot, 'node_modules', r.name, 'package.json');
    if (!existsSync(file)) {
      t.is(r.kind, 'optional', `${r.name} is required but not installed`);
      continue;
    }
    t.is((JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version, r.version, r.name);
  }
  t.is(rows.find((r) => r.name === 'espeak-ng')?.kind, 'optional', 'the GPL part stays separable');
});
