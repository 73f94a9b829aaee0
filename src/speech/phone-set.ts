/**
 * The ARPAbet phone set of the CMU Pronouncing Dictionary: 39 phones, lexical stress stripped
 * (`AH0`, `AH1`, `AH2` are all `AH`), in the dictionary's own order (cmudict.phones, alphabetical).
 * The order is part of the model format: a phone's id must never change, so never reorder or insert.
 *
 * Id convention (CTC): id 0 is the blank, a phone's id is its index in PHONES plus 1, so
 * `PHONE_ALPHABET[phoneId(p)] === p` and a model's output layer has PHONE_ALPHABET.length (40) units.
 */

/** The 39 CMU phones, stress-free, in their fixed order (index = id - 1). */
export const PHONES = [
  'AA',
  'AE',
  'AH',
  'AO',
  'AW',
  'AY',
  'B',
  'CH',
  'D',
  'DH',
  'EH',
  'ER',
  'EY',
  'F',
  'G',
  'HH',
  'IH',
  'IY',
  'JH',
  'K',
  'L',
  'M',
  'N',
  'NG',
  'OW',
  'OY',
  'P',
  'R',
  'S',
  'SH',
  'T',
  'TH',
  'UH',
  'UW',
  'V',
  'W',
  'Y',
  'Z',
  'ZH',
] as const;

/** One CMU phone (stress-free). */
export type Phone = (typeof PHONES)[number];

/** The CTC blank symbol, id 0 in PHONE_ALPHABET. */
export const BLANK = '<blank>';

/** Id of the CTC blank. */
export const BLANK_ID = 0;

/** Output alphabet of a phone recogniser: BLANK at 0, then PHONES (so id = phone index + 1). */
export const PHONE_ALPHABET: readonly string[] = [BLANK, ...PHONES];

const INDEX = new Map<string, number>(PHONES.map((p, i) => [p, i]));

/** Removes the lexical stress digit: `AH0` -> `AH`; upper-cases (`ah1` -> `AH`). */
export function stripStress(phone: string): string {
  return phone.toUpperCase().replace(/[012]$/, '');
}

/** Whether `phone` (stress-free, upper case) is one of the 39 phones. */
export function isPhone(phone: string): phone is Phone {
  return INDEX.has(phone);
}

/** Index of a phone in PHONES (0..38); throws on a symbol outside the phone set. */
export function phoneIndex(phone: string): number {
  const i = INDEX.get(phone);
  if (i === undefined) throw new RangeError(`'${phone}' is not one of the ${PHONES.length} ARPAbet phones`);
  return i;
}

/** CTC id of a phone: its index plus 1 (0 is the blank). */
export function phoneId(phone: string): number {
  return phoneIndex(phone) + 1;
}

/** The symbol of a CTC id (0 -> BLANK); throws outside 0..39. */
export function phoneOfId(id: number): string {
  const p = PHONE_ALPHABET[id];
  if (p === undefined) throw new RangeError(`phone id ${id} is outside 0..${PHONE_ALPHABET.length - 1}`);
  return p;
}
