/** Ticks of a log axis at 1-2-5 steps per decade (sparser or denser as the range needs), within [lo, hi]. */
export function logTicks(lo: number, hi: number): number[] {
  const within = (mults: readonly number[]) => {
    const out: number[] = [];
    for (let e = Math.floor(Math.log10(lo)) - 1; e <= Math.ceil(Math.log10(hi)); e++) {
      for (const m of mults) {
        const v = Number((m * 10 ** e).toPrecision(6));
        if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9) && v >= 1) out.push(v);
      }
    }
    return out;
  };
  const decades = within([1]);
  if (decades.length > 6) return decades;
  const standard = within([1, 2, 5]);
  if (standard.length >= 3) return standard;
  const dense = within([1, 1.5, 2, 3, 4, 5, 6, 7, 8, 9]);
  return dense.length >= 2 ? dense : standard;
}

/** A tick label for a count: 50, 200, 1000, 5000, 20k, 1.5M. */
export function formatCount(v: number): string {
  if (v >= 1e6) return `${Number((v / 1e6).toPrecision(3))}M`;
  if (v >= 1e4) return `${Number((v / 1e3).toPrecision(3))}k`;
  return String(Number(v.toPrecision(4)));
}

/** A linear axis with about `count` ticks at 1, 2, 2.5 or 5 times a power of ten, widened to whole steps. */
export function linearTicks(
  lo: number,
  hi: number,
  count = 5,
): { lo: number; hi: number; step: number; ticks: number[] } {
  const span = hi - lo || Math.abs(hi) || 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const a = Math.floor(lo / step + 1e-9) * step;
  const b = Math.ceil(hi / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = a; v <= b + step * 1e-6; v += step) ticks.push(Number(v.toPrecision(12)));
  return { lo: a, hi: b, step, ticks };
}
