/**
 * Feature matrices ([frames, dim], e.g. MFCCs or log-mel energies) as pictures: an SVG heatmap with time
 * to the right and the first coefficient at the bottom, rendered to PNG by resvg.
 */

/** Viridis at nine evenly spaced stops (perceptually uniform, readable in grey). */
const VIRIDIS = ['#440154', '#482878', '#3e4989', '#31688e', '#26828e', '#1f9e89', '#35b779', '#6ece58', '#fde725'].map(
  (h) => [1, 3, 5].map((k) => parseInt(h.slice(k, k + 2), 16)),
);
const LEVELS = 64;
const MARGIN = 8;
const TITLE = 22;

/** A row-major matrix of `frames` rows of `dim` values. */
export interface Matrix {
  readonly data: Float32Array;
  readonly frames: number;
  readonly dim: number;
}

/**
 * The heatmap as SVG. Values are clipped to their 1st..99th percentiles so one outlier does not wash
 * the picture out; cells of equal colour along a row are merged to keep the document small.
 */
export function featureSvg(m: Matrix, title: string): string {
  const cw = clamp(Math.ceil(640 / Math.max(1, m.frames)), 1, 8);
  const ch = clamp(Math.ceil(240 / Math.max(1, m.dim)), 2, 12);
  const width = m.frames * cw + 2 * MARGIN;
  const height = m.dim * ch + TITLE + 2 * MARGIN;
  const [lo, hi] = percentiles(m.data, 0.01, 0.99);
  const level = (v: number) =>
    hi > lo ? clamp(Math.floor(((v - lo) / (hi - lo)) * LEVELS), 0, LEVELS - 1) : LEVELS >> 1;
  const palette = Array.from({ length: LEVELS }, (_, k) => colour(k / (LEVELS - 1)));
  const rects: string[] = [];
  for (let d = 0; d < m.dim; d++) {
    const y = MARGIN + TITLE + (m.dim - 1 - d) * ch;
    for (let t = 0; t < m.frames;) {
      const k = level(m.data[t * m.dim + d]!);
      let end = t + 1;
      while (end < m.frames && level(m.data[end * m.dim + d]!) === k) end++;
      rects.push(
        `<rect x="${MARGIN + t * cw}" y="${y}" width="${(end - t) * cw}" height="${ch}" fill="${palette[k]}"/>`,
      );
      t = end;
    }
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" shape-rendering="crispEdges">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${MARGIN}" y="${MARGIN + 14}" font-family="sans-serif" ` +
      `font-size="13" fill="#222222">${escapeXml(title)}</text>`,
    ...rects,
    '</svg>',
  ].join('\n');
}

function colour(x: number): string {
  const pos = x * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(pos));
  const f = pos - i;
  const [a, b] = [VIRIDIS[i]!, VIRIDIS[i + 1]!];
  return (
    '#' +
    a
      .map((c, k) =>
        Math.round(c + (b[k]! - c) * f)
          .toString(16)
          .padStart(2, '0'),
      )
      .join('')
  );
}

function percentiles(data: Float32Array, p: number, q: number): [number, number] {
  const finite = Float32Array.from(data.filter(Number.isFinite)).sort();
  if (finite.length === 0) return [0, 0];
  const at = (f: number) => finite[Math.min(finite.length - 1, Math.floor(f * (finite.length - 1)))]!;
  return [at(p), at(q)];
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}
