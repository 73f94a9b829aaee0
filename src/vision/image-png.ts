/** Images ([H, W, 1] greyscale or [H, W, 3] RGB items in [0, 1]) as pictures, for looking at data. */
import { svgToPng } from '../io/svg-render.js';
import type { Item } from '../core/item.js';

export interface ImageGridOptions {
  /** Screen pixels per image pixel. */
  readonly scale?: number;
  readonly columns?: number;
  /** A caption under each image. */
  readonly captions?: readonly string[];
}

const GAP = 6;
const CAPTION = 14;

/** An SVG of the images in a grid, each image pixel a square (crisp, no smoothing). */
export function imageGridSvg(images: readonly Item[], o: ImageGridOptions = {}): string {
  const scale = o.scale ?? 6;
  const columns = Math.max(1, Math.min(o.columns ?? 8, images.length));
  const rows = Math.ceil(images.length / columns);
  const h = Math.max(0, ...images.map((x) => x.shape[0]!)) * scale;
  const w = Math.max(0, ...images.map((x) => x.shape[1]!)) * scale;
  const cap = o.captions ? CAPTION : 0;
  const width = columns * (w + GAP) + GAP;
  const height = rows * (h + cap + GAP) + GAP;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" shape-rendering="crispEdges">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  images.forEach((img, k) => {
    const ox = GAP + (k % columns) * (w + GAP);
    const oy = GAP + Math.floor(k / columns) * (h + cap + GAP);
    parts.push(...pixelRects(img, ox, oy, scale));
    const caption = o.captions?.[k];
    if (caption)
      parts.push(
        `<text x="${ox}" y="${oy + h + 11}" font-family="sans-serif" ` +
          `font-size="10" fill="#222222">${escapeXml(caption)}</text>`,
      );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** The images in a grid as PNG bytes. */
export function imageGridPng(images: readonly Item[], o: ImageGridOptions = {}): Uint8Array {
  return svgToPng(imageGridSvg(images, o));
}

function pixelRects(img: Item, ox: number, oy: number, scale: number): string[] {
  const [H, W, C] = [img.shape[0]!, img.shape[1]!, img.shape[2] ?? 1];
  const out: string[] = [];
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const o = (y * W + x) * C;
      const rgb =
        C >= 3 ? [img.data[o]!, img.data[o + 1]!, img.data[o + 2]!] : [img.data[o]!, img.data[o]!, img.data[o]!];
      const hex = rgb
        .map((v) =>
          Math.round(Math.min(1, Math.max(0, v)) * 255)
            .toString(16)
            .padStart(2, '0'),
        )
        .join('');
      out.push(`<rect x="${ox + x * scale}" y="${oy + y * scale}" width="${scale}" height="${scale}" fill="#${hex}"/>`);
    }
  }
  return out;
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}
