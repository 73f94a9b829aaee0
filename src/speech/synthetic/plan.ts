/**
 * The draw of every utterance's voice, prosody, noise and seeds, made up front in one pass of a seeded
 * Random so that the corpus depends only on the options (never on workers or completion order).
 */
import { Random } from '../../util/random.js';
import type { Voice } from '../espeak/synthesize.js';
import { splitWords, type NormalisedOptions, type Range } from './options.js';

/** One utterance to synthesise. */
export interface UtterancePlan {
  readonly index: number;
  readonly id: string;
  readonly words: readonly string[];
  readonly text: string;
  readonly voice: Voice;
  /** SNR of the added white noise, or null. */
  readonly snrDb: number | null;
  /** Seeds espeak-ng's internal noise and the added noise of this utterance. */
  readonly seed: number;
}

/** Prompts in order, each repeated; every draw in a fixed order from Random(seed). */
export function planUtterances(o: NormalisedOptions): UtterancePlan[] {
  const rng = new Random(o.seed);
  // espeak-ng takes whole numbers; drawing then rounding keeps one draw per value whatever the range.
  const int = (r: Range): number => Math.round(rng.uniform(r[0], r[1]));
  const plans: UtterancePlan[] = [];
  for (const prompt of o.prompts) {
    const words = splitWords(prompt);
    for (let r = 0; r < o.repeats; r++) {
      const variant = rng.pick(o.voices);
      const voice: Voice = {
        variant,
        speed: int(o.speed),
        pitch: int(o.pitch),
        pitchRange: int(o.pitchRange),
        wordGap: int(o.wordGap),
      };
      const snr = rng.uniform(o.noise?.snrDb[0] ?? 0, o.noise?.snrDb[1] ?? 0);
      const index = plans.length;
      plans.push({
        index,
        id: `${words.join('-')}_${variant}_${index}`,
        words,
        text: words.join(' '),
        voice,
        snrDb: o.noise ? Math.round(snr * 100) / 100 : null,
        seed: rng.seed(),
      });
    }
  }
  return plans;
}
