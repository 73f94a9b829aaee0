/** Formats rows as an aligned text table with a header rule. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(visible(h), ...rows.map((r) => visible(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c + ' '.repeat(widths[i]! - visible(c)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function visible(s: string): number {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u001b\[[0-9;]*m/g, '').length;
}

/** A metric value for people: proportions as percentages, others with 4 significant digits. */
export function formatMetric(name: string, v: number | undefined): string {
  if (v === undefined || Number.isNaN(v)) return '-';
  // Error rates can pass 100% (insertions); accuracies and F1 cannot.
  const percent = /wer|per|ser|ter|rate/i.test(name) ? v >= 0 : /accuracy|f1/i.test(name) && v >= 0 && v <= 1;
  if (percent) return `${(v * 100).toFixed(1)}%`;
  return Math.abs(v) >= 1000 ? v.toFixed(0) : v.toPrecision(4);
}
