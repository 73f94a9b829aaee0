import type { ServiceKind } from '../services/service-kind.js';
import type { PipelineSpec } from '../spec/generated/pipeline-spec.js';
import { contentKey } from '../util/content-key.js';
import { Lexicon } from './lexicon.js';

/** Token under which stage classes inject the pipeline's lexicon. */
export const LEXICON = Symbol.for('concertina.Lexicon');

/**
 * The pipeline lexicon as a service: configured by the spec's `lexicon` block (CMUdict plus
 * overrides), and given to every kind that uses it (speech datasets for phoneme labels, lexicon decoding).
 */
export const lexiconService: ServiceKind<Lexicon> = {
  name: 'lexicon',
  token: LEXICON,
  description: "Word pronunciations (CMUdict and the spec's overrides): phoneme labels and lexicon decoding.",
  configured: (spec: PipelineSpec) => spec.lexicon !== undefined,
  key: (spec: PipelineSpec) =>
    contentKey({ source: spec.lexicon?.source ?? 'cmudict', overrides: spec.lexicon?.overrides ?? {} }),
  create: (spec: PipelineSpec) => new Lexicon({ overrides: spec.lexicon?.overrides ?? {} }),
  check: (lexicon, data) => lexicon.check(data.vocabulary, { file: data.file, pointer: '/dataset/params' }),
};
