import { FONT } from './palette.js';
import { VEGA_LITE_SCHEMA, chartConfig, type VegaLiteSpec } from './vega-lite-spec.js';

/** One value at the end of one epoch: the loss or a validation metric of a stage, of one run. */
export interface EpochPoint {
  readonly run: string;
  readonly stage: string;
  readonly epoch: number;
  readonly series: string;
  readonly value: number;
}

/** Epoch points from a run's epoch-end events (loss plus every metric). */
export function epochPoints(
  run: string,
  events: readonly {
    type: string;
    stageId?: string | null;
    epoch?: number;
    loss?: number;
    metrics?: Readonly<Record<string, number>>;
  }[],
): EpochPoint[] {
  const out: EpochPoint[] = [];
  for (const e of events) {
    if (e.type !== 'epoch-end' || !e.stageId || typeof e.epoch !== 'number') continue;
    const values: Record<string, unknown> = { loss: e.loss, ...e.metrics };
    for (const [series, value] of Object.entries(values))
      if (typeof value === 'number' && Number.isFinite(value))
        out.push({ run, stage: e.stageId, epoch: e.epoch, series, value });
  }
  return out;
}

/**
 * Training curves of one stage as a Vega-Lite spec: one small chart per series (loss, accuracy...) with its own
 * y scale, epochs on x; several runs overlaid by colour (the compare page) or one run in one colour.
 */
export function epochCurveSpec(points: readonly EpochPoint[], o: { title: string; width?: number }): VegaLiteSpec {
  const runs = new Set(points.map((p) => p.run)).size;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: o.title,
    config: chartConfig(FONT),
    data: { name: 'points', values: points },
    facet: { column: { field: 'series', type: 'nominal', title: null } },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: o.width ?? 260,
      height: 170,
      layer: [
        {
          mark: { type: 'line', point: { size: 30 } },
          encoding: {
            x: { field: 'epoch', type: 'quantitative', axis: { tickMinStep: 1, format: 'd' } },
            y: { field: 'value', type: 'quantitative', scale: { zero: false }, title: null },
            color:
              runs > 1
                ? { field: 'run', type: 'nominal', legend: { orient: 'bottom', title: 'run' } }
                : { value: '#0072B2' },
            tooltip: [
              { field: 'run', type: 'nominal' },
              { field: 'epoch', type: 'quantitative' },
              { field: 'series', type: 'nominal' },
              { field: 'value', type: 'quantitative', format: '.4~g' },
            ],
          },
        },
      ],
    },
  };
}
