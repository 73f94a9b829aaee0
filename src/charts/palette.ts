/** Okabe-Ito colours (safe for the common colour-vision deficiencies); yellow last, as it is faint on white. */
export const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#D55E00',
  '#CC79A7',
  '#56B4E9',
  '#000000',
  '#F0E442',
] as const;

/** Fonts most systems have; resvg falls back to its default family when none is installed. */
export const FONT = 'DejaVu Sans, Liberation Sans, Helvetica, Arial, sans-serif';

/** The colour of the i-th series. */
export function colourOf(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}
