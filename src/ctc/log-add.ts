/** log(exp(a) + exp(b)) without overflow; -Infinity is the log of zero. */
export function logAdd(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  // Subtracting the larger keeps exp() in (0, 1], so nothing overflows and log1p keeps small terms exact.
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** log(exp(a) + exp(b) + exp(c)) with two exps and one log1p (the lattice's inner loop). */
export function logAdd3(a: number, b: number, c: number): number {
  let m: number;
  let x: number;
  let y: number;
  if (a >= b && a >= c) [m, x, y] = [a, b, c];
  else if (b >= c) [m, x, y] = [b, a, c];
  else [m, x, y] = [c, a, b];
  if (m === -Infinity) return m;
  // exp(-Infinity - m) = 0 drops absent terms; the largest term is the 1 inside log1p.
  return m + Math.log1p(Math.exp(x - m) + Math.exp(y - m));
}
