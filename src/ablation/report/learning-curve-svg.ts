import type { TrialResult } from '../trial-result.js';
import { aggregate, armsOf, findCell, fractionsOf, type CellStats } from './aggregate.js';
import { formatCount, linearTicks, logTicks } from './axis-ticks.js';
import { directionText, formatCell, formatFraction, scaleOfCells, type MetricScale } from './metric-format.js';
import { FONT, PALETTE, esc, marker, n, shorten, text } from './svg-parts.js';

/** Size and title of a learning-curve plot. */
export interface CurveOptions {
  /** Default: `<metric> against training examples (higher is better)`. */
  readonly title?: string;
  readonly width?: number;
  readonly height?: number;
}

interface Frame {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly x: (examples: number) => number;
  readonly y: (value: number) => number;
}

/**
 * Learning curves as a self-contained SVG: training examples on a log x axis, the metric on y, one line
 * per arm through the means over seeds, a band of mean ± std, a legend. Missing and failed cells break
 * a line rather than being bridged.
 */
export function learningCurveSvg(results: readonly TrialResult[], metric: string, options: CurveOptions = {}): string {
  const width = options.width ?? 720;
  const height = options.height ?? 440;
  const cells = aggregate(results, metric);
  const arms = armsOf(results);
  const scale = scaleOfCells(metric, cells);
  const title = options.title ?? `${metric} against training examples (${directionText(metric)})`;
  const scored = cells.filter((c) => c.n > 0 && c.trainExamples > 0);
  const body: string[] = [];
  body.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  body.push(
    text(width / 2, 26, title, 'class="title" text-anchor="middle" font-size="16" font-weight="bold" fill="#222222"'),
  );
  const seeds = scored.map((c) => c.n);
  const bands = Math.max(0, ...seeds) > 1 ? 'bands: mean ± 1 standard deviation' : 'no bands: one seed per point';
  const subtitle = seeds.length
    ? `lines: mean over seeds (n = ${rangeText(seeds)}); ${bands}`
    : 'no completed trials to plot';
  body.push(text(width / 2, 44, subtitle, 'font-size="11" text-anchor="middle" fill="#555555"'));
  const frame = makeFrame(scored, scale, width, height, body, metric);
  const placed: [number, number][] = [];
  if (frame)
    for (const [i, arm] of arms.entries()) body.push(series(i, arm, cells, fractionsOf(results), frame, scale, placed));
  body.push(legend(arms, cells, frame?.right ?? width - 180, frame?.top ?? 62, width));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${esc(FONT)}">`,
    `<title>${esc(title)}</title>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

/** Axes, ticks, grid lines and axis titles; undefined when there is nothing to plot. */
function makeFrame(
  scored: readonly CellStats[],
  scale: MetricScale,
  width: number,
  height: number,
  out: string[],
  metric: string,
): Frame | undefined {
  if (!scored.length) return undefined;
  const [left, top, right, bottom] = [72, 62, width - 180, height - 58];
  const xs = scored.map((c) => c.trainExamples);
  let [xlo, xhi] = [Math.min(...xs), Math.max(...xs)];
  if (xlo === xhi) [xlo, xhi] = [xlo / 2, xhi * 2];
  const pad = (Math.log(xhi) - Math.log(xlo)) * 0.06;
  [xlo, xhi] = [Math.exp(Math.log(xlo) - pad), Math.exp(Math.log(xhi) + pad)];
  const ys = scored.flatMap((c) => [c.mean - (c.n > 1 ? c.std : 0), c.mean + (c.n > 1 ? c.std : 0)]);
  let [ylo, yhi] = [Math.min(...ys), Math.max(...ys)];
  if (yhi === ylo) {
    // One value everywhere (every arm at 100%, say): show a window around it rather than a hair's width.
    const half = scale === 'percent' ? 0.05 : Math.abs(yhi) * 0.1 || 1;
    [ylo, yhi] = [ylo - half, yhi + half];
  }
  const span = yhi - ylo;
  [ylo, yhi] = [ylo - span * 0.08, yhi + span * 0.08];
  if (scale === 'percent') [ylo, yhi] = [Math.max(0, ylo), Math.min(1, yhi)];
  const lin = linearTicks(ylo, yhi, 5);
  const [dlo, dhi] = scale === 'percent' ? [Math.max(0, lin.lo), Math.min(1, lin.hi)] : [lin.lo, lin.hi];
  const x = (v: number) => left + ((Math.log(v) - Math.log(xlo)) / (Math.log(xhi) - Math.log(xlo))) * (right - left);
  const y = (v: number) => bottom - ((v - dlo) / (dhi - dlo)) * (bottom - top);
  out.push('<g class="grid" stroke="#e4e4e4" stroke-width="1">');
  const xticks = logTicks(xlo, xhi);
  for (const t of xticks) out.push(`<line x1="${n(x(t))}" y1="${top}" x2="${n(x(t))}" y2="${bottom}"/>`);
  const yticks = lin.ticks.filter((t) => t >= dlo - 1e-12 && t <= dhi + 1e-12);
  for (const t of yticks) out.push(`<line x1="${left}" y1="${n(y(t))}" x2="${right}" y2="${n(y(t))}"/>`);
  out.push('</g>');
  out.push(
    `<rect class="plot-area" x="${left}" y="${top}" ` +
      `width="${right - left}" height="${bottom - top}" fill="none" stroke="#888888"/>`,
  );
  out.push('<g class="ticks" font-size="11" fill="#333333">');
  for (const t of xticks) out.push(text(x(t), bottom + 16, formatCount(t), 'class="x-tick" text-anchor="middle"'));
  for (const t of yticks)
    out.push(text(left - 6, y(t) + 4, tickLabel(t, lin.step, scale), 'class="y-tick" text-anchor="end"'));
  out.push('</g>');
  out.push(
    text(
      (left + right) / 2,
      height - 18,
      'training examples (log scale)',
      'class="axis-title" text-anchor="middle" font-size="12" fill="#222222"',
    ),
  );
  const yTitle = scale === 'percent' ? `${metric} (%)` : metric;
  out.push(
    text(
      0,
      0,
      yTitle,
      `class="axis-title" text-anchor="middle" font-size="12" fill="#222222" ` +
        `transform="translate(20 ${n((top + bottom) / 2)}) rotate(-90)"`,
    ),
  );
  return { left, top, right, bottom, x, y };
}

/** One arm: bands, line segments between measured cells, markers with tooltips. */
function series(
  i: number,
  arm: string,
  cells: readonly CellStats[],
  fractions: readonly number[],
  f: Frame,
  scale: MetricScale,
  placed: [number, number][],
): string {
  const colour = PALETTE[i % PALETTE.length]!;
  const runs: CellStats[][] = [[]];
  for (const fr of fractions) {
    const c = findCell(cells, arm, fr);
    if (c && c.n > 0 && c.trainExamples > 0) runs.at(-1)!.push(c);
    else if (runs.at(-1)!.length) runs.push([]);
  }
  const clamp = (v: number) => (scale === 'percent' ? Math.min(1, Math.max(0, v)) : v);
  const at = (c: CellStats, v: number) => `${n(f.x(c.trainExamples))},${n(f.y(clamp(v)))}`;
  const out: string[] = [`<g class="series" data-arm="${esc(arm)}">`];
  for (const run of runs.filter((r) => r.length)) {
    const spread = run.some((c) => c.n > 1 && c.std > 0);
    if (spread && run.length > 1) {
      const upper = run.map((c) => at(c, c.mean + c.std));
      const lower = [...run].reverse().map((c) => at(c, c.mean - c.std));
      out.push(
        `<path class="band" d="M${upper.join(' L')} L${lower.join(' L')} Z" ` +
          `fill="${colour}" fill-opacity="0.15" stroke="none"/>`,
      );
    } else if (spread) {
      const c = run[0]!;
      const [cx, hi, lo] = [f.x(c.trainExamples), f.y(clamp(c.mean + c.std)), f.y(clamp(c.mean - c.std))];
      out.push(
        `<path class="error-bar" d="M${n(cx)},${n(hi)} V${n(lo)} ` +
          `M${n(cx - 5)},${n(hi)} H${n(cx + 5)} M${n(cx - 5)},${n(lo)} H${n(cx + 5)}" ` +
          `stroke="${colour}" stroke-opacity="0.6" fill="none"/>`,
      );
    }
    if (run.length > 1)
      out.push(
        `<polyline class="curve" points="${run.map((c) => at(c, c.mean)).join(' ')}" ` +
          `fill="none" stroke="${colour}" stroke-width="2.2" stroke-linejoin="round"/>`,
      );
  }
  for (const c of runs.flat()) {
    let mx = f.x(c.trainExamples);
    const my = f.y(c.mean);
    // Arms with equal means at a fraction would hide each other's markers: nudge the later ones aside.
    while (placed.some(([px, py]) => Math.abs(px - mx) < 3 && Math.abs(py - my) < 3)) mx += 8;
    placed.push([mx, my]);
    const tip =
      `${arm}, ${formatFraction(c.trainFraction)} (${Math.round(c.trainExamples)} examples): ` +
      `${formatCell(c, scale)}`;
    out.push(`<g><title>${esc(tip)}</title>${marker(i, mx, my, colour)}</g>`);
  }
  out.push('</g>');
  return out.join('\n');
}

/**
 * The legend right of the plot: colour, marker and name of each arm (grid values on a second line); arms without
 * results greyed.
 */
function legend(
  arms: readonly string[],
  cells: readonly CellStats[],
  right: number,
  top: number,
  width: number,
): string {
  const out = ['<g class="legend" font-size="12">'];
  const x = right + 16;
  const chars = Math.max(8, Math.floor((width - x - 38) / 7));
  let y = top + 10;
  for (const [i, arm] of arms.entries()) {
    const plotted = cells.some((c) => c.arm === arm && c.n > 0);
    const colour = plotted ? PALETTE[i % PALETTE.length]! : '#aaaaaa';
    const cut = arm.indexOf(' (');
    const lines = [
      cut > 0 ? arm.slice(0, cut) : arm,
      ...(cut > 0 ? [arm.slice(cut + 1)] : []),
      ...(plotted ? [] : ['no completed trials']),
    ];
    out.push(`<g class="legend-entry"><title>${esc(plotted ? arm : `${arm}: no completed trials`)}</title>`);
    out.push(
      `<line x1="${x}" y1="${y}" x2="${x + 26}" y2="${y}" ` +
        `stroke="${colour}" stroke-width="2.2"${plotted ? '' : ' stroke-dasharray="4 3"'}/>`,
    );
    out.push(marker(i, x + 13, y, colour, 4));
    for (const [k, line] of lines.entries()) {
      const style = k === 0 ? `fill="${plotted ? '#222222' : '#888888'}"` : 'fill="#666666" font-size="10"';
      out.push(text(x + 34, y + 4 + k * 13, shorten(line, k === 0 ? chars : Math.floor(chars * 1.2)), style));
    }
    out.push('</g>');
    y += 10 + 13 * lines.length;
  }
  out.push('</g>');
  return out.join('\n');
}

/** A y tick with as many decimals as its step needs: `80%`, `92.5%`, `0.25`, `1500`. */
function tickLabel(t: number, step: number, scale: MetricScale): string {
  const [v, st] = scale === 'percent' ? [t * 100, step * 100] : [t, step];
  let decimals = 0;
  while (decimals < 6 && Math.abs(st * 10 ** decimals - Math.round(st * 10 ** decimals)) > 1e-6) decimals++;
  return `${v.toFixed(decimals)}${scale === 'percent' ? '%' : ''}`;
}

function rangeText(values: readonly number[]): string {
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  return lo === hi ? String(lo) : `${lo} to ${hi}`;
}
