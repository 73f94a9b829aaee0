import { CtcLabelError } from './ctc-errors.js';

/** Throws CtcLabelError unless blank is a class index of C classes. */
export function checkBlank(blank: number, C: number): void {
  if (!Number.isInteger(blank) || blank < 0 || blank >= C) {
    throw new CtcLabelError(`CTC blank index ${blank} is not a class index: there are ${C} classes (0..${C - 1})`, {
      hint: 'pass the blank as an integer in 0..C-1 (concertina puts it at 0 by default)',
    });
  }
}

/** Throws CtcLabelError when a label holds the blank, a non-integer or a token outside 0..C-1. */
export function checkLabel(label: readonly number[], C: number, blank: number, where = 'the label'): void {
  for (let i = 0; i < label.length; i++) {
    const tok = label[i]!;
    if (tok === blank) {
      throw new CtcLabelError(`${where} holds the blank index ${blank} at position ${i}`, {
        hint: 'labels list real tokens only; CTC inserts blanks itself (check the vocabulary reserves the blank)',
      });
    }
    if (!Number.isInteger(tok) || tok < 0 || tok >= C) {
      throw new CtcLabelError(
        `${where} holds token ${tok} at position ${i}, outside the ${C} output classes (0..${C - 1})`,
        { hint: 'the model has fewer outputs than the vocabulary: size the last layer as vocabulary + blank' },
      );
    }
  }
}

/** Throws CtcLabelError unless there is one label and one input length in 0..T per batch example. */
export function checkBatch(
  labels: readonly (readonly number[])[],
  inputLengths: readonly number[],
  B: number,
  T: number,
): void {
  if (labels.length !== B || inputLengths.length !== B) {
    throw new CtcLabelError(
      `CTC got a batch of ${B} examples but ${labels.length} labels and ${inputLengths.length} input lengths`,
      { hint: 'pass one label and one input length per batch example' },
    );
  }
  inputLengths.forEach((len, b) => {
    if (!Number.isInteger(len) || len < 0 || len > T) {
      throw new CtcLabelError(`CTC input length ${len} of batch example ${b} is not an integer in 0..${T} (frames)`, {
        hint: 'input lengths count frames after any downsampling, at most the padded length T',
      });
    }
  });
}
