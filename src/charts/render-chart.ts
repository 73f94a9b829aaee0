import type { VegaLiteSpec } from './vega-lite-spec.js';

/**
 * Renders a Vega-Lite spec to SVG with vega in Node (no browser, no canvas): the static reports' charts.
 * vega and vega-lite load on first use only.
 */
export async function renderChartSvg(spec: VegaLiteSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const compiled = vegaLite.compile(spec as unknown as Parameters<typeof vegaLite.compile>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
