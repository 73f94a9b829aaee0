/**
 * `concertina/speech`: the lexicon (a pipeline service), the phone set, word-loop decoding, grammar
 * rules, n-gram models, word metrics and synthetic speech (eSpeak NG, loaded only when used).
 */
export { LEXICON, lexiconService } from '../speech/lexicon-service.js';
export { Lexicon, type LexiconOptions } from '../speech/lexicon.js';
export {
  BLANK,
  BLANK_ID,
  PHONE_ALPHABET,
  PHONES,
  phoneId,
  phoneIndex,
  phoneOfId,
  type Phone,
} from '../speech/phone-set.js';
export { WordLoopDecoder, type WordLoopOptions } from '../speech/word-loop-decoder.js';
export { matchesRule, parseRule, type GrammarRule } from '../speech/grammar-rule.js';
export { bestWords, decodeHypotheses, encodeHypotheses, type WordHypothesis } from '../speech/hypotheses.js';
export { NgramModel } from '../speech/ngram.js';
export { grammarBest, type GrammarScoring } from '../speech/grammar-decode.js';
export { ctcHypotheses } from '../speech/ctc-hypotheses.js';
export { wordMetrics } from '../speech/word-metrics.js';
export { corpusKey, loadOrGenerate } from '../speech/synthetic/corpus-cache.js';
export { DEFAULT_VOICES, type SyntheticSpeechOptions } from '../speech/synthetic/options.js';
