import { loadSchema, type CompileContext, type StageDescriptor } from '../../src/api/plugin.js';
import { PHONE_ALPHABET } from '../../src/api/speech.js';
import type { PhonemeModelParams } from '../generated/phoneme-model.params.js';

/** Trainable acoustic model: frames -> per-frame phoneme log-posteriors, trained with CTC on phonemes. */
export const phonemeModelDescriptor: StageDescriptor<PhonemeModelParams> = {
  kind: 'phoneme-model',
  description: 'Conv1d or GRU encoder from feature frames to phoneme posteriors (phones + blank), trained with CTC.',
  version: 2,
  paramsSchema: loadSchema('stages/phoneme-model.params.schema.json'),
  inputs: () => [{ name: 'frames', kinds: ['frames', 'posteriors'] }],
  // Phones plus the CTC blank: the supervision's alphabet when its size is known, else the lexicon's phone set.
  output: (_p, _i, ctx) => ({ kind: 'posteriors', dims: [phonesAndBlank(ctx)] }),
  fit: 'supervised',
  labelKinds: ['sequence'],
  collapse: 'layers',
};

function phonesAndBlank(ctx: CompileContext): number | string {
  if (ctx.supervision?.size !== undefined) return ctx.supervision.size + 1;
  return ctx.services.has('lexicon') ? PHONE_ALPHABET.length : 'phones';
}
