import { PipelineError } from '../errors/pipeline-error.js';

/** A label (or its input length) that CTC cannot use: a blank or out-of-range token, a bad length. */
export class CtcLabelError extends PipelineError {}

/** An input sequence with fewer frames than its label needs (L tokens plus one blank per repeated pair). */
export class CtcInputTooShortError extends PipelineError {
  constructor(
    readonly batchIndex: number,
    readonly inputLength: number,
    readonly labelLength: number,
    readonly repeats: number,
  ) {
    const need = labelLength + repeats;
    super(
      `CTC input of batch example ${batchIndex} is too short: input length ${inputLength} frames, ` +
        `label length ${labelLength} with ${repeats} repeat${repeats === 1 ? '' : 's'} needs at least ${need} frames`,
      {
        hint:
          'downsample less in time (smaller stride or pooling before the CTC layer), or pass ' +
          "tooShort: 'zero' to ignore such examples (they then add 0 loss and 0 gradient)",
      },
    );
  }
}
