/** Corpus error rates over token sequences: PER on phonemes, WER on words, CER on characters. */
import { PipelineError } from '../errors/pipeline-error.js';
import { editDistance } from './edit-distance.js';

/** References and hypotheses that cannot be paired one to one. */
export class MetricInputError extends PipelineError {}

/** Errors summed over a corpus; rate = (S + I + D) / referenceLength. */
export interface ErrorRate {
  /**
   * 0 for a perfect match; can exceed 1 with many insertions. 0 when there are no reference tokens and no errors,
   * Infinity when there are errors but no reference tokens.
   */
  rate: number;
  substitutions: number;
  insertions: number;
  deletions: number;
  /** Total reference tokens (N). */
  referenceLength: number;
}

/** Sentences with at least one error. */
export interface SentenceErrorRate {
  rate: number;
  errors: number;
  sentences: number;
}

/** Corpus-level token error rate: edit operations summed over all pairs, divided by all reference tokens. */
export function errorRate<T>(refs: readonly (readonly T[])[], hyps: readonly (readonly T[])[]): ErrorRate {
  checkPaired(refs.length, hyps.length);
  let substitutions = 0;
  let insertions = 0;
  let deletions = 0;
  let referenceLength = 0;
  refs.forEach((ref, i) => {
    const e = editDistance(ref, hyps[i]!);
    substitutions += e.substitutions;
    insertions += e.insertions;
    deletions += e.deletions;
    referenceLength += ref.length;
  });
  const errors = substitutions + insertions + deletions;
  const rate = referenceLength > 0 ? errors / referenceLength : errors === 0 ? 0 : Infinity;
  return { rate, substitutions, insertions, deletions, referenceLength };
}

/** Fraction of sentences whose hypothesis differs from the reference in any token (0 for no sentences). */
export function sentenceErrorRate<T>(
  refs: readonly (readonly T[])[],
  hyps: readonly (readonly T[])[],
): SentenceErrorRate {
  checkPaired(refs.length, hyps.length);
  const errors = refs.filter((ref, i) => !sameItem(ref, hyps[i]!)).length;
  return { rate: refs.length === 0 ? 0 : errors / refs.length, errors, sentences: refs.length };
}

/**
 * Fraction of items recognised exactly: items are class labels (compared with ===) or token sequences
 * (compared token by token), so for sequences it is 1 - sentence error rate. 0 for no items.
 */
export function accuracy<T>(refs: readonly (T | readonly T[])[], hyps: readonly (T | readonly T[])[]): number {
  checkPaired(refs.length, hyps.length);
  if (refs.length === 0) return 0;
  return refs.filter((ref, i) => sameItem(ref, hyps[i]!)).length / refs.length;
}

function sameItem<T>(a: T | readonly T[], b: T | readonly T[]): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

function checkPaired(refs: number, hyps: number): void {
  if (refs !== hyps) {
    throw new MetricInputError(`${refs} references but ${hyps} hypotheses: they must pair one to one`, {
      hint: 'score each utterance once, in the same order, with an empty hypothesis when nothing was recognised',
    });
  }
}
