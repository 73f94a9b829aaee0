/** The 39 ARPAbet phones of the lexicon plus the CTC blank: the size of every phoneme posterior. */
export const PHONE_ALPHABET_SIZE = 40;
