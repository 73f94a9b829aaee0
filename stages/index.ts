import type { StageClass } from '../src/stage/stage-module.js';
import { DenseClassifierStage } from './dense-classifier.js';
import { InputStage } from './input.js';
import { StandardizeStage } from './standardize.js';
import { AudioInputStage } from './audio-input.js';
import { MfccStage } from './mfcc.js';
import { LogMelStage } from './log-mel.js';
import { PhonemeModelStage } from './phoneme-model.js';
import { LexiconDecoderStage } from './lexicon-decoder.js';
import { GrammarStage } from './grammar.js';
import { LearnedFilterbankStage } from './learned-filterbank.js';
import { ConvClassifierStage } from './conv-classifier.js';

/** The stage kinds that ship with concertina, registered by the composition root. */
export const builtinStages: readonly StageClass[] = [
  InputStage,
  AudioInputStage,
  StandardizeStage,
  MfccStage,
  LogMelStage,
  LearnedFilterbankStage,
  DenseClassifierStage,
  ConvClassifierStage,
  PhonemeModelStage,
  LexiconDecoderStage,
  GrammarStage,
];
