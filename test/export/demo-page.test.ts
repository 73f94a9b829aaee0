import test from 'ava';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { serveFolder } from '../../src/export/static-server.js';
import { launchChromium } from '../helpers/chromium.js';
import { tempDir } from '../helpers/temp-dir.js';

const DIGITS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
import { heldOut, trainExportEval } from './fsdd-bundle.js';

const dir = tempDir();
const data = heldOut(dir);
const staged = trainExportEval(dir, 'staged', data, ['--demo']);
const endToEnd = staged.then(() => trainExportEval(dir, 'end-to-end', data, ['--demo']));

/** A page expression: the page's state (body data-state) is one of these. */
function stateIn(...states: string[]): string {
  return `${JSON.stringify(states)}.includes(document.body.dataset.state)`;
}

/** Opens the demo page of a bundle in headless Chromium, its fake microphone playing `micWav`. */
async function openDemo(bundle: string, micWav: string) {
  const server = await serveFolder(bundle);
  const browser = await launchChromium([
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${micWav}`,
  ]);
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`${server.url}?seconds=1.5`);
  await page.waitForFunction(stateIn('ready', 'error'), null, { timeout: 60_000 });
  const close = async () => {
    await browser.close();
    await server.close();
  };
  return { page, problems, close };
}

/** Drops a WAV file on the page's drop zone as a user would (a DataTransfer holding a File) and reads the words. */
async function dropWav(page: Page, file: string): Promise<string> {
  const b64 = readFileSync(file).toString('base64');
  const transfer = await page.evaluateHandle(
    ({ b64, name }) => {
      const page = globalThis as any; // the page's window (this project compiles without the DOM types)
      const bytes = Uint8Array.from(page.atob(b64) as string, (c) => c.charCodeAt(0));
      const t = new page.DataTransfer();
      t.items.add(new page.File([bytes], name, { type: 'audio/wav' }));
      return t;
    },
    { b64, name: path.basename(file) },
  );
  await page.evaluate("document.body.dataset.state = 'waiting'");
  await page.dispatchEvent('#drop', 'drop', { dataTransfer: transfer });
  await page.waitForFunction(stateIn('done', 'error'));
  if ((await page.getAttribute('body', 'data-state')) === 'error') throw new Error(await page.innerText('#status'));
  return page.innerText('#words');
}

for (const [mode, trained] of [
  ['staged', staged],
  ['end-to-end', endToEnd],
] as const) {
  test(`${mode}: in Chromium, dropped FSDD WAVs give the words of concertina eval; the microphone works`, async (t) => {
    const b = await trained;
    const sample = b.predictions.filter((_, i) => i % 6 === 0);
    const { page, problems, close } = await openDemo(b.bundle, sample[0]!.source);
    try {
      t.is(await page.getAttribute('body', 'data-state'), 'ready', await page.innerText('#status'));
      t.regex(await page.innerText('#about'), /tfjs backend: wasm/);
      for (const p of sample) t.is(await dropWav(page, p.source), p.words.join(' ') || '(nothing)', p.id);
      // The phoneme posteriors are drawn (staged: the phoneme model's; end to end has none to draw).
      if (mode === 'staged') t.true(Number(await page.getAttribute('#posteriors', 'width')) > 10);
      // The microphone: Chromium's fake capture device plays the first WAV in a loop.
      await page.evaluate("document.body.dataset.state = 'waiting'");
      await page.click('#mic');
      await page.waitForFunction(stateIn('done', 'error'), null, { timeout: 30_000 });
      t.is(await page.getAttribute('body', 'data-state'), 'done', await page.innerText('#status'));
      t.regex(await page.innerText('#timing'), /^microphone \(1\.\d s at \d+ Hz\)/);
      const words = await page.innerText('#words');
      // Where in the looping clip capture starts is up to Chromium, so the words need not be the clip's:
      // they must be words of the pipeline's vocabulary, recognised from what the microphone delivered.
      const vocabulary = new Set(b.predictions.flatMap((p) => p.words).concat(DIGITS));
      t.regex(words, /\S/, 'the microphone gave no words');
      t.true(
        words.split(' ').every((w) => vocabulary.has(w)),
        `the microphone gave "${words}"`,
      );
      t.deepEqual(problems, [], 'no console errors or warnings');
    } finally {
      await close();
    }
  });
}
