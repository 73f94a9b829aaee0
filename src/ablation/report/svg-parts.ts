/** Okabe-Ito colours (safe for the common colour-vision deficiencies); yellow last, as it is faint on white. */
export const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#D55E00',
  '#CC79A7',
  '#56B4E9',
  '#000000',
  '#F0E442',
] as const;

/** Fonts most systems have; resvg falls back to its default family when none is installed. */
export const FONT = 'DejaVu Sans, Liberation Sans, Helvetica, Arial, sans-serif';

/** Text safe inside SVG/XML content and attribute values. */
export function esc(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A coordinate with two decimals at most (small files, stable output). */
export function n(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/** A text element; `extra` holds further attributes. */
export function text(x: number, y: number, content: string, extra = ''): string {
  return `<text x="${n(x)}" y="${n(y)}"${extra ? ' ' + extra : ''}>${esc(content)}</text>`;
}

/**
 * A marker of the i-th series: the shape changes with the colour, so that series stay apart in grey
 * print and for readers who cannot tell the colours apart.
 */
export function marker(i: number, x: number, y: number, colour: string, r = 4.5): string {
  const attrs = `class="marker" fill="${colour}" stroke="#ffffff" stroke-width="1"`;
  const poly = (pts: readonly (readonly [number, number])[]) =>
    `<polygon ${attrs} points="${pts.map(([a, b]) => `${n(x + a)},${n(y + b)}`).join(' ')}"/>`;
  switch (i % 5) {
    case 0:
      return `<circle ${attrs} cx="${n(x)}" cy="${n(y)}" r="${n(r)}"/>`;
    case 1: {
      const side = n(r * 1.8);
      return `<rect ${attrs} x="${n(x - r * 0.9)}" y="${n(y - r * 0.9)}" width="${side}" height="${side}"/>`;
    }
    case 2:
      return poly([
        [0, -r * 1.2],
        [r * 1.1, r * 0.8],
        [-r * 1.1, r * 0.8],
      ]);
    case 3:
      return poly([
        [0, -r * 1.3],
        [r * 1.1, 0],
        [0, r * 1.3],
        [-r * 1.1, 0],
      ]);
    default:
      return poly([
        [0, r * 1.2],
        [r * 1.1, -r * 0.8],
        [-r * 1.1, -r * 0.8],
      ]);
  }
}

/** Shortens a label for the legend; the full text stays in a tooltip. */
export function shorten(s: string, max = 24): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
