/** Whether a bigger value of this metric is better (early stopping, best-per-row marks). */
export function higherIsBetter(metric: string): boolean {
  return /accuracy|f1|auc|precision|recall|^acc/i.test(metric);
}

/** A metric rounded for people and files: 6 significant digits (0.934, not 0.9339999999999999). */
export function roundMetric(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(6)) : value;
}

/** A JSON.stringify replacer that rounds every fractional number with roundMetric. */
export function roundNumbers(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isInteger(value) ? roundMetric(value) : value;
}
