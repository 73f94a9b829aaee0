/** Every problem of a synthetic-speech request at once, pointed at the option that has it. */
import type { Problem } from '../../errors/pipeline-error.js';
import type { Lexicon } from '../lexicon.js';
import { splitWords, type NormalisedOptions, type Range } from './options.js';

const LIMITS: Record<'speed' | 'pitch' | 'pitchRange' | 'wordGap', Range> = {
  speed: [80, 450],
  pitch: [0, 99],
  pitchRange: [0, 99],
  wordGap: [0, 1000],
};

/** Problems with normalised options, given the variants espeak-ng has and the lexicon for the labels. */
export function checkOptions(o: NormalisedOptions, variants: readonly string[], lexicon: Lexicon): Problem[] {
  const problems: Problem[] = [];
  const add = (pointer: string, code: string, message: string, hint?: string): void => {
    problems.push(hint === undefined ? { pointer, code, message } : { pointer, code, message, hint });
  };
  if (o.prompts.length === 0 || o.prompts.some((p) => p === '')) {
    add(
      '/vocabulary',
      'no-prompts',
      'nothing to say: give a non-empty vocabulary (or sentences) without empty entries',
    );
  }
  if (!Number.isInteger(o.repeats) || o.repeats < 1) {
    add('/utterancesPerWord', 'bad-count', `utterances per prompt must be a positive integer, got ${o.repeats}`);
  }
  if (o.voices.length === 0)
    add('/voices', 'no-voices', 'voices is empty', 'leave it out for the default m1..m8, f1..f5');
  o.voices.forEach((v, i) => {
    if (!variants.includes(v)) {
      const near = variants.find((k) => k.toLowerCase() === v.toLowerCase());
      const hint =
        `${near ? `did you mean "${near}"? ` : ''}` +
        `use m1..m8, f1..f5 or a named variant (voiceVariants() lists them)`;
      add(`/voices/${i}`, 'unknown-voice', `espeak-ng has no voice variant "${v}"`, hint);
    }
  });
  for (const [key, [lo, hi]] of Object.entries(LIMITS) as Array<[keyof typeof LIMITS, Range]>) {
    const [a, b] = o[key];
    if (!Number.isFinite(a) || !Number.isFinite(b) || a > b || a < lo || b > hi) {
      add(`/${key}`, 'bad-range', `${key} [${a}, ${b}] must be a [lo, hi] range with ${lo} <= lo <= hi <= ${hi}`);
    }
  }
  if (o.noise) {
    const [a, b] = o.noise.snrDb;
    if (!Number.isFinite(a) || !Number.isFinite(b) || a > b) {
      add('/noise/snrDb', 'bad-range', `noise.snrDb [${a}, ${b}] must be a finite [lo, hi] range in dB`);
    }
  }
  if (!Number.isInteger(o.sampleRate) || o.sampleRate < 1000 || o.sampleRate > 192000) {
    add(
      '/sampleRate',
      'bad-sample-rate',
      `sampleRate must be an integer number of Hz in 1000..192000, got ${o.sampleRate}`,
    );
  }
  if (!Number.isInteger(o.seed)) add('/seed', 'bad-seed', `seed must be an integer, got ${o.seed}`);
  const words = o.prompts.flatMap(splitWords);
  if (o.vocabulary) {
    const known = new Set(o.vocabulary);
    for (const w of new Set(words)) {
      if (!known.has(w)) add('/sentences', 'word-not-in-vocabulary', `sentence word "${w}" is not in the vocabulary`);
    }
  }
  problems.push(...lexicon.check(words, { pointer: o.vocabulary ? '/sentences' : '/vocabulary' }));
  return problems;
}
