import test from 'ava';
import { imageGridPng, imageGridSvg } from '../../src/vision/image-png.js';

const grey = { data: Float32Array.from({ length: 4 }, (_, i) => i / 3), shape: [2, 2, 1] };
const rgb = { data: Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1, 2, -1, 0.5]), shape: [2, 2, 3] };

test('the grid SVG has one square per pixel, colours clamped to [0, 1]', (t) => {
  const svg = imageGridSvg([grey, rgb], { scale: 3, columns: 2, captions: ['a<b', 'c'] });
  t.is((svg.match(/<rect x=/g) ?? []).length, 8);
  t.true(
    svg.includes('fill="#000000"') &&
      svg.includes('fill="#ffffff"') &&
      svg.includes('fill="#ff0000"') &&
      svg.includes('fill="#ff0080"'),
  );
  t.true(svg.includes('a&lt;b'));
});

test('the PNG has the grid size: columns of scaled images with gaps', (t) => {
  const png = imageGridPng([grey, rgb, grey], { scale: 4, columns: 2 });
  t.deepEqual([...png.slice(1, 4)].map((c) => String.fromCharCode(c)).join(''), 'PNG');
  const view = new DataView(png.buffer, png.byteOffset);
  t.is(view.getUint32(16), 2 * (8 + 6) + 6);
  t.is(view.getUint32(20), 2 * (8 + 6) + 6);
});
