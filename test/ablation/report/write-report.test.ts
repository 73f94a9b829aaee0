import test from 'ava';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { learningCurveSvg } from '../../../src/ablation/report/learning-curve-svg.js';
import type { ReportJson } from '../../../src/ablation/report/report-json.js';
import { writeReport } from '../../../src/ablation/report/write-report.js';
import { renderSvg } from '../../../src/io/svg-render.js';
import { realisticTrials } from '../../fixtures/ablation/trials.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { parseXml } from './xml.js';

test('writeReport writes report.md/.csv/.json and an SVG and a PNG per metric, nothing else', async (t) => {
  const dir = tempDir();
  const results = realisticTrials();
  const files = await writeReport(dir, results, {
    title: 'Ablation: digits',
    command: 'concertina ablate digits.json',
    meta: { spec: 'digits' },
  });
  const names = [
    'report.md',
    'report.csv',
    'report.json',
    'curves-accuracy.svg',
    'curves-accuracy.png',
    'curves-wer.svg',
    'curves-wer.png',
  ];
  const dvc = [
    'plots/learning-curves/accuracy/staged.tsv',
    'plots/learning-curves/accuracy/end-to-end.tsv',
    'plots/learning-curves/accuracy/transfer.tsv',
    'plots/learning-curves/wer/staged.tsv',
    'plots/learning-curves/wer/end-to-end.tsv',
    'plots/learning-curves/wer/transfer.tsv',
    'metrics.json',
    'dvc.yaml',
  ];
  t.deepEqual(
    files,
    [...names, ...dvc].map((n) => path.join(dir, n)),
  );
  t.deepEqual(readdirSync(dir).sort(), [...names, 'metrics.json', 'dvc.yaml', 'plots'].sort(), 'no temporary files');
  const json = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as ReportJson;
  t.is(json.trials.length, 45);
  t.deepEqual(json.meta, { title: 'Ablation: digits', command: 'concertina ablate digits.json', spec: 'digits' });
  t.deepEqual(json.metrics, ['accuracy', 'wer']);
  t.is(json.summary.accuracy!.cells.length, 15);
  t.is(json.summary.accuracy!.pairs.length, 3);
  t.is(readFileSync(path.join(dir, 'report.csv'), 'utf8').split('\r\n').length, 47);
  t.true(
    readFileSync(path.join(dir, 'report.md'), 'utf8').includes('![wer against training examples](curves-wer.svg)'),
  );
  parseXml(readFileSync(path.join(dir, 'curves-wer.svg'), 'utf8'));
  for (const metric of ['accuracy', 'wer']) {
    const png = readFileSync(path.join(dir, `curves-${metric}.png`));
    t.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
    t.is(png.subarray(12, 16).toString('ascii'), 'IHDR');
    t.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [1440, 880], 'twice the SVG size');
    t.is(png.subarray(png.length - 8, png.length - 4).toString('ascii'), 'IEND');
  }
});

test('the rendered plot shows its text (a font was found): the title band has dark pixels', async (t) => {
  const svg = await learningCurveSvg(realisticTrials(), 'accuracy');
  const img = renderSvg(svg, { background: '#ffffff' });
  t.deepEqual([img.width, img.height], [720, 440]);
  const pixels = img.pixels; // a getter that copies the whole image on every access
  // The title is the only thing drawn in this band; without a font it would stay white.
  const dark = (x0: number, x1: number, y0: number, y1: number) => {
    let count = 0;
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (pixels[(y * img.width + x) * 4]! < 100) count++;
    return count;
  };
  t.true(dark(120, 600, 10, 32) > 300, `title pixels: ${dark(120, 600, 10, 32)}`);
  const blank = renderSvg(svg.replace(/<text[^>]*>[^<]*<\/text>/g, ''), { background: '#ffffff' }).pixels;
  let differ = 0;
  for (let i = 0; i < pixels.length; i += 4) if (pixels[i] !== blank[i]) differ++;
  t.true(differ > 3000, `pixels changed by text: ${differ}`);
});
