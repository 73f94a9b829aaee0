import { Resvg, type RenderedImage } from '@resvg/resvg-js';

/** How to render: a zoom factor, and a background colour (none: transparent). */
export interface SvgRenderOptions {
  readonly scale?: number;
  readonly background?: string;
}

/** Renders an SVG with resvg, using the system's fonts (DejaVu Sans where installed). */
export function renderSvg(svg: string, o: SvgRenderOptions = {}): RenderedImage {
  return new Resvg(svg, {
    fitTo: { mode: 'zoom', value: o.scale ?? 1 },
    ...(o.background !== undefined ? { background: o.background } : {}),
    // resvg warns when the named default family is missing and then falls back to an installed font: noise.
    logLevel: 'error',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  }).render();
}

/** Renders an SVG to PNG bytes. */
export function svgToPng(svg: string, o: SvgRenderOptions = {}): Buffer {
  return renderSvg(svg, o).asPng();
}
