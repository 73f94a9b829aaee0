import {
  loadSchema,
  type CompileContext,
  type PortType,
  type Problem,
  type StageDescriptor,
} from '../../src/api/plugin.js';
import { PHONE_ALPHABET } from '../../src/api/speech.js';
import type { LexiconDecoderParams } from '../generated/lexicon-decoder.params.js';

/**
 * The word model. In lexicon mode it needs no word-level training: phoneme posteriors are decoded
 * into words through the lexicon. In trained mode (and always inside a collapsed network) a small
 * convolutional network learns word scores with word-level CTC.
 */
export const lexiconDecoderDescriptor: StageDescriptor<LexiconDecoderParams> = {
  kind: 'lexicon-decoder',
  description:
    'Phoneme posteriors -> n-best word sequences, through the lexicon (no training) or a trained word model.',
  version: 1,
  paramsSchema: loadSchema('stages/lexicon-decoder.params.schema.json'),
  inputs: () => [{ name: 'posteriors', kinds: ['posteriors', 'frames'] }],
  output: (_p, _i, ctx) => ({ kind: 'hypotheses', dims: [ctx.supervision?.size ?? ctx.vocabularySize ?? 'words'] }),
  check: (p, inputs, ctx) => (p.mode === 'lexicon' ? lexiconModeProblems(inputs[0], ctx) : []),
  fit: (p) => (p.mode === 'trained' ? 'supervised' : 'none'),
  labelKinds: ['sequence'],
  evaluatesAgainst: ['sequence'],
  collapse: 'layers',
};

/** Lexicon decoding needs the pipeline's lexicon, phoneme posteriors over its phones, and the word label. */
function lexiconModeProblems(input: PortType | undefined, ctx: CompileContext): Omit<Problem, 'file' | 'stageId'>[] {
  const problems: Omit<Problem, 'file' | 'stageId'>[] = [];
  const lexicon = ctx.services.has('lexicon');
  if (!lexicon) {
    problems.push({
      code: 'needs-lexicon',
      message: 'lexicon mode needs the pipeline lexicon',
      hint: 'add "lexicon": {} to the spec, or use "mode": "trained"',
    });
  }
  const dim = input?.dims[input.dims.length - 1];
  if (input?.kind !== 'posteriors' || (typeof dim === 'number' && lexicon && dim !== PHONE_ALPHABET.length)) {
    problems.push({
      code: 'port-mismatch',
      message:
        `lexicon mode decodes phoneme posteriors (posteriors[${lexicon ? PHONE_ALPHABET.length : 'phones+blank'}]) ` +
        `but gets ${input?.kind}[${input?.dims.join(',')}]`,
      hint: 'feed it a phoneme-model, or use "mode": "trained"',
    });
  }
  if (!ctx.supervision) {
    problems.push({
      code: 'missing-supervision',
      message: 'the word model needs the word label (its vocabulary is what it decodes into)',
      hint: 'add "supervision": "words"',
    });
  }
  return problems;
}
