/**
 * The import structure the folder tree promises: each src folder stands on a floor and imports only
 * from lower floors (one core vocabulary at the bottom); the built-in kinds in stages/ and datasets/
 * import only what the package exports to plugin authors.
 */
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './helpers/cli.js';

/** Every folder's floor: a folder may import only from folders on lower floors. */
const FLOORS: Readonly<Record<string, number>> = {
  'src/errors': 0,
  'src/util': 0,
  'src/core': 1,
  'src/spec': 2,
  'src/audio': 2,
  'src/backend': 2,
  'src/ctc': 2,
  'src/features': 2,
  'src/metrics': 2,
  'src/events': 2,
  'src/io': 2,
  'src/services': 3,
  'src/cache': 3,
  'src/charts': 3,
  'src/dvc': 3,
  'src/vision': 3,
  'src/speech': 4,
  'src/data': 4,
  'src/train': 5,
  'src/compile': 5,
  'src/transforms': 6,
  'src/stage': 6,
  'src/runtime': 6,
  'src/registry': 7,
  'src/plan': 7,
  'src/api': 8,
  stages: 9,
  datasets: 9,
  'src/execute': 9,
  'src/container': 10,
  'src/ablation': 11,
  'src/inspect': 11,
  'src/export': 11,
  // Between the ablation it reads and the CLI that starts it.
  'src/serve': 11.5,
  'src/queue': 12,
  'src/cli': 13,
  'src/index.ts': 14,
};

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

/** The folder a file belongs to (`src/compile`, `stages`...). */
function folderOf(file: string): string {
  const parts = path.relative(repoRoot, file).split(path.sep);
  if (parts[0] !== 'src') return parts[0]!;
  return parts.length > 2 ? `src/${parts[1]}` : `src/${parts[1]}`;
}

/** Relative imports of a file (static, re-exports and dynamic), resolved to .ts paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:import|export)\s[^;]*?from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g)].map(
    (m) => (m[1] ?? m[2])!,
  );
  return specs.map((s) => path.resolve(path.dirname(file), s).replace(/\.js$/, '.ts'));
}

const files = ['src', 'stages', 'datasets'].flatMap((d) => walk(path.join(repoRoot, d)));

test('every src folder has a floor, and no import runs up (or sideways) between folders', (t) => {
  const unplaced = [...new Set(files.map(folderOf))].filter((f) => FLOORS[f] === undefined);
  t.deepEqual(unplaced, [], 'place new folders in FLOORS');
  const upward: string[] = [];
  for (const file of files) {
    const from = folderOf(file);
    for (const target of importsOf(file)) {
      const to = folderOf(target);
      if (to !== from && FLOORS[to]! >= FLOORS[from]!)
        upward.push(`${path.relative(repoRoot, file)} -> ${path.relative(repoRoot, target)}`);
    }
  }
  t.deepEqual(upward, []);
});

test('built-in stage and dataset kinds import only the public API the package exports', (t) => {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    exports: Record<string, string | { default: string }>;
  };
  const exported = new Set(
    Object.values(pkg.exports)
      .map((e) => (typeof e === 'string' ? e : e.default))
      .filter((f) => f.endsWith('.js'))
      .map((f) => path.join(repoRoot, f.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts'))),
  );
  t.true(exported.has(path.join(repoRoot, 'src/api/plugin.ts')));
  const reaching: string[] = [];
  for (const file of files.filter((f) => ['stages', 'datasets'].includes(folderOf(f)))) {
    for (const target of importsOf(file)) {
      if (folderOf(target).startsWith('src/') && !exported.has(target)) {
        reaching.push(`${path.relative(repoRoot, file)} -> ${path.relative(repoRoot, target)}`);
      }
    }
  }
  t.deepEqual(reaching, []);
});

test('stage kind descriptors load no tf: only their classes, imported when a run needs them, do', (t) => {
  const tfImports = (file: string) => /from '@tensorflow\/tfjs|from 'inversify'/.test(readFileSync(file, 'utf8'));
  const pure = [
    'src/api/plugin.ts',
    'src/api/features.ts',
    'src/api/speech.ts',
    'src/api/audio.ts',
    'src/api/vision.ts',
  ];
  // What a descriptor (or the plugin API) pulls in, transitively, must not reach tf or the DI container.
  const seen = new Set<string>();
  const stack = [
    ...files.filter((f) => path.basename(f) === 'descriptor.ts'),
    path.join(repoRoot, 'stages/index.ts'),
    path.join(repoRoot, 'datasets/index.ts'),
    ...pure.map((f) => path.join(repoRoot, f)),
  ];
  const offenders: string[] = [];
  while (stack.length) {
    const f = stack.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    if (tfImports(f)) offenders.push(path.relative(repoRoot, f));
    const text = readFileSync(f, 'utf8');
    // Static imports only: a dynamic import() is exactly how a class is loaded when needed.
    for (const m of text.matchAll(/(?:import|export)\s(?!type\s)[^;]*?from\s+'(\.[^']+)'/g)) {
      stack.push(path.resolve(path.dirname(f), m[1]!).replace(/\.js$/, '.ts'));
    }
  }
  t.deepEqual(offenders, []);
});

test("the README's Layout names every folder of the tree, so a newcomer finds each concept there", (t) => {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const layout = readme.slice(readme.indexOf('## Layout'));
  const block = layout.slice(layout.indexOf('```'), layout.indexOf('```', layout.indexOf('```') + 3));
  // folders git ignores (node_modules/, dist/, a local scratch/) are not part of the tree
  const ignored = new Set(
    readFileSync(path.join(repoRoot, '.gitignore'), 'utf8')
      .split('\n')
      .filter((l) => /^[\w.-]+\/$/.test(l.trim()))
      .map((l) => l.trim().slice(0, -1)),
  );
  const folders = [
    ...readdirSync(path.join(repoRoot, 'src'), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => `src/${e.name}/`),
    ...readdirSync(repoRoot, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !ignored.has(e.name) && e.name !== 'runs')
      .map((e) => `${e.name}/`),
  ];
  const missing = folders.filter((f) => !block.includes(f));
  t.deepEqual(missing, [], `folders the README's Layout does not describe: ${missing.join(', ')}`);
  t.true(folders.length > 30);
});
