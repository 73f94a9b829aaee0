/**
 * Synthetic spoken-word corpora from espeak-ng: each utterance's voice variant, speed, pitch, pitch range,
 * word gap and noise are drawn from a seeded Random (plan.ts), synthesised in parallel (worker-pool.ts),
 * resampled to the target rate and mixed with white noise. Same options -> identical corpus, whatever the
 * number of workers; another seed -> another corpus.
 */
import { availableParallelism } from 'node:os';
import { addNoise } from '../../audio/noise.js';
import { resample as kaiserResample } from '../../audio/resample.js';
import { SpecError } from '../../errors/pipeline-error.js';
import { Random, deriveSeed } from '../../util/random.js';
import { Lexicon } from '../lexicon.js';
import { voiceVariants } from '../espeak/synthesize.js';
import type { SyntheticCorpus, SyntheticUtterance } from './corpus.js';
import { normaliseOptions, type SyntheticSpeechOptions } from './options.js';
import { planUtterances } from './plan.js';
import { checkOptions } from './validate.js';
import { runSynthesis } from './worker-pool.js';

/** Collaborators the caller may replace. */
export interface SyntheticSpeechDeps {
  /** Resampler (default: src/audio/resample.ts, Kaiser windowed sinc, 'medium'). */
  readonly resample?: (x: Float32Array, from: number, to: number) => Float32Array;
  /** Names a custom resampler in cache keys, so corpora made with different ones are kept apart. */
  readonly resamplerId?: string;
}

/** Generates the corpus; throws SpecError listing every problem with the options first. */
export async function generateSyntheticSpeech(
  options: SyntheticSpeechOptions,
  deps: SyntheticSpeechDeps = {},
): Promise<SyntheticCorpus> {
  const o = normaliseOptions(options);
  const lexicon = new Lexicon(o.lexicon);
  const problems = checkOptions(o, await voiceVariants(), lexicon);
  if (problems.length > 0) throw new SpecError(problems, 'synthetic speech options');
  const resample = deps.resample ?? kaiserResample;
  const plans = planUtterances(o);
  const utterances: SyntheticUtterance[] = new Array(plans.length);
  let done = 0;
  const jobs = plans.map((p) => ({ index: p.index, text: p.text, voice: p.voice, seed: p.seed }));
  // By default one thread per core, but no more than one per 64 utterances: starting a worker thread
  // (~0.5 s from dist/, ~1.5 s under tsx) costs as much as synthesising 50-150 utterances (~8 ms each).
  const workers = options.workers ?? Math.max(1, Math.min(availableParallelism(), Math.ceil(plans.length / 64)));
  await runSynthesis(jobs, { workers }, ({ index, samples, sampleRate }) => {
    const plan = plans[index]!;
    let x = sampleRate === o.sampleRate ? samples : resample(samples, sampleRate, o.sampleRate);
    if (plan.snrDb !== null) x = addNoise(x, plan.snrDb, new Random(deriveSeed(plan.seed, 'noise')));
    utterances[index] = {
      id: plan.id,
      words: plan.words,
      text: plan.text,
      phonemes: plan.words.flatMap((w) => lexicon.pronounce(w)),
      speaker: plan.voice.variant,
      voice: plan.voice,
      snrDb: plan.snrDb,
      seed: plan.seed,
      samples: x,
    };
    options.onProgress?.(++done, plans.length);
  });
  return { sampleRate: o.sampleRate, utterances, options: o };
}
