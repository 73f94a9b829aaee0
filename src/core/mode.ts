/**
 * How a spec runs when no transform says more: `staged` trains each stage on its own labels;
 * `end-to-end` is shorthand for a `collapse` transform over the whole trainable chain.
 */
export type Mode = 'staged' | 'end-to-end';

/** Every mode, in the order the CLI lists them. */
export const MODES: readonly Mode[] = ['staged', 'end-to-end'];

/** Whether a string names a mode. */
export function isMode(x: unknown): x is Mode {
  return x === 'staged' || x === 'end-to-end';
}
