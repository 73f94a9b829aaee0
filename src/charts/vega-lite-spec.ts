/** A Vega-Lite specification as plain JSON (what vega-embed and vega-lite's compile take). */
export type VegaLiteSpec = Record<string, unknown>;

/** The schema URL every chart names (vega-lite 6). */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Shared look: fonts, white background, quiet grid. */
export function chartConfig(font: string): Record<string, unknown> {
  return {
    font,
    background: '#ffffff',
    view: { stroke: '#888888' },
    axis: { gridColor: '#e4e4e4', labelColor: '#333333', titleColor: '#222222', labelFontSize: 11, titleFontSize: 12 },
    legend: { labelFontSize: 12, titleFontSize: 12, labelLimit: 220 },
    title: { fontSize: 16, subtitleFontSize: 11, subtitleColor: '#555555' },
  };
}
