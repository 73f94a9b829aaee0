/** Issue 14, item 2: two processes writing one ablation or runs folder never share it. */
import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../../src/errors/pipeline-error.js';
import { RunFolder } from '../../src/execute/run-folder.js';
import { lockFolder } from '../../src/io/folder-lock.js';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'concertina-lock-'));

test('a folder held by a live process is refused at once, naming its pid', async (t) => {
  const dir = tmp();
  const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
  try {
    writeFileSync(path.join(dir, 'ablation.lock'), JSON.stringify({ pid: other.pid, since: 'now' }));
    const err = t.throws(() => lockFolder(dir, 'ablation.lock', 'the ablation folder'), { instanceOf: UsageError });
    t.regex(err.message, new RegExp(`in use by process ${other.pid}`));
    t.regex(err.hint!, /kill/);
  } finally {
    other.kill('SIGKILL');
  }
});

test('a lock left by a dead process, or empty, or garbled, is taken over with a reason', async (t) => {
  const dir = tmp();
  const dead = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => dead.on('exit', r));
  for (const content of [JSON.stringify({ pid: dead.pid, since: 'then' }), '', '{"pid": "x', '\0\0\0']) {
    writeFileSync(path.join(dir, 'x.lock'), content);
    const why: string[] = [];
    const lock = lockFolder(dir, 'x.lock', 'the folder', (w) => why.push(w));
    t.is(why.length, 1);
    t.regex(why[0]!, content.includes('pid') && content.endsWith('}') ? /no longer running/ : /empty or unreadable/);
    lock.release();
    t.false(existsSync(lock.file));
  }
});

test('run folders are claimed exclusively: many at once with one id get distinct folders', (t) => {
  const root = tmp();
  const folders = Array.from({ length: 20 }, () => RunFolder.create(root, 'same-id'));
  t.is(new Set(folders.map((f) => f.dir)).size, 20);
  t.is(readdirSync(root).length, 20);
});
