import { stageKind, type StageKind } from '../src/api/plugin.js';
import { audioInputDescriptor } from './audio-input/descriptor.js';
import { convClassifierDescriptor } from './conv-classifier/descriptor.js';
import { denseClassifierDescriptor } from './dense-classifier/descriptor.js';
import { grammarDescriptor } from './grammar/descriptor.js';
import { inputDescriptor } from './input/descriptor.js';
import { learnedFilterbankDescriptor } from './learned-filterbank/descriptor.js';
import { lexiconDecoderDescriptor } from './lexicon-decoder/descriptor.js';
import { logMelDescriptor } from './log-mel/descriptor.js';
import { mfccDescriptor } from './mfcc/descriptor.js';
import { phonemeModelDescriptor } from './phoneme-model/descriptor.js';
import { standardizeDescriptor } from './standardize/descriptor.js';

/**
 * The stage kinds that ship with concertina, registered by the composition root exactly as a plugin's
 * are. Each class is imported only when a run first needs it, so validating and planning load no tf.
 */
export const builtinStages: readonly StageKind[] = [
  stageKind(inputDescriptor, async () => (await import('./input/input-stage.js')).InputStage),
  stageKind(audioInputDescriptor, async () => (await import('./audio-input/audio-input-stage.js')).AudioInputStage),
  stageKind(standardizeDescriptor, async () => (await import('./standardize/standardize-stage.js')).StandardizeStage),
  stageKind(mfccDescriptor, async () => (await import('./mfcc/mfcc-stage.js')).MfccStage),
  stageKind(logMelDescriptor, async () => (await import('./log-mel/log-mel-stage.js')).LogMelStage),
  stageKind(
    learnedFilterbankDescriptor,
    async () => (await import('./learned-filterbank/learned-filterbank-stage.js')).LearnedFilterbankStage,
  ),
  stageKind(
    denseClassifierDescriptor,
    async () => (await import('./dense-classifier/dense-classifier-stage.js')).DenseClassifierStage,
  ),
  stageKind(
    convClassifierDescriptor,
    async () => (await import('./conv-classifier/conv-classifier-stage.js')).ConvClassifierStage,
  ),
  stageKind(
    phonemeModelDescriptor,
    async () => (await import('./phoneme-model/phoneme-model-stage.js')).PhonemeModelStage,
  ),
  stageKind(
    lexiconDecoderDescriptor,
    async () => (await import('./lexicon-decoder/lexicon-decoder-stage.js')).LexiconDecoderStage,
  ),
  stageKind(grammarDescriptor, async () => (await import('./grammar/grammar-stage.js')).GrammarStage),
];
