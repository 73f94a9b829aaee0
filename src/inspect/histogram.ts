/** Histograms of numbers (example durations) and their text rendering with bars. */

/** One bin: [from, to) and how many values fall in it. */
export interface HistogramBin {
  readonly from: number;
  readonly to: number;
  readonly count: number;
}

const NICE_STEPS = [1, 2, 2.5, 5];

/** Bins of a round width (1, 2, 2.5 or 5 times a power of ten) giving about `target` bins between min and max. */
export function histogram(values: readonly number[], target = 12): HistogramBin[] {
  if (values.length === 0) return [];
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const width = niceWidth((hi - lo) / target);
  const start = Math.floor(lo / width) * width;
  const n = Math.max(1, Math.floor((hi - start) / width) + 1);
  const counts = new Array<number>(n).fill(0);
  for (const v of values) counts[Math.min(n - 1, Math.floor((v - start) / width))]!++;
  return counts.map((count, i) => ({ from: round(start + i * width), to: round(start + (i + 1) * width), count }));
}

/** Text bars, one line per bin: `0.40-0.50 s  ██████████▌  123`. */
export function formatHistogram(bins: readonly HistogramBin[], unit = '', barWidth = 40): string {
  if (bins.length === 0) return '(no values)';
  const max = Math.max(...bins.map((b) => b.count));
  const decimals = Math.max(0, ...bins.map((b) => decimalsOf(b.to - b.from)));
  const labels = bins.map((b) => `${b.from.toFixed(decimals)}-${b.to.toFixed(decimals)}${unit ? ' ' + unit : ''}`);
  const labelWidth = Math.max(...labels.map((l) => l.length));
  const countWidth = String(max).length;
  return bins
    .map(
      (b, i) =>
        `${labels[i]!.padEnd(labelWidth)}  ` +
        `${bar(b.count / max, barWidth).padEnd(barWidth)}  ${String(b.count).padStart(countWidth)}`,
    )
    .join('\n');
}

/** A bar of `fraction` * width cells, with eighth blocks for the remainder; never empty for a non-zero fraction. */
function bar(fraction: number, width: number): string {
  const eighths = Math.round(fraction * width * 8);
  const partial = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'][eighths % 8]!;
  const s = '█'.repeat(Math.floor(eighths / 8)) + partial;
  return s === '' && fraction > 0 ? '▏' : s;
}

function niceWidth(raw: number): number {
  if (!(raw > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const s of NICE_STEPS) if (s * p >= raw) return s * p;
  return 10 * p;
}

function decimalsOf(width: number): number {
  for (let d = 0; d < 6; d++) if (Math.abs(Math.round(width * 10 ** d) - width * 10 ** d) < 1e-9) return d;
  return 6;
}

function round(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}
