import { addNoise } from '../audio/noise.js';
import { resample } from '../audio/resample.js';
import type { Augment } from '../spec/generated/pipeline-spec.js';
import { Random, deriveSeed } from '../util/random.js';
import type { Example, LoadedDataset } from './dataset.js';

/**
 * Adds augmented copies of every waveform example: a random speed change (resampling, so tempo and
 * pitch move together, as with a shorter or longer vocal tract), a random gain and optional noise.
 * Copies carry `augmentOf`, so a split puts them in training only, and only those of training
 * examples. Deterministic for a seed.
 */
export function augmentDataset(data: LoadedDataset, cfg: Augment, seed: number): LoadedDataset {
  const copies = cfg.copies ?? 0;
  if (copies === 0) return data;
  const [slow, fast] = cfg.speed ?? [0.9, 1.1];
  const [quiet, loud] = cfg.gainDb ?? [-6, 6];
  const snr = cfg.snrDb ?? null;
  const extra: Example[] = [];
  for (const e of data.examples) {
    if (e.input.shape.length !== 2 || e.input.shape[1] !== 1) continue; // waveforms only
    const rng = new Random(deriveSeed(seed, e.id));
    for (let k = 0; k < copies; k++) {
      const speed = rng.uniform(slow!, fast!);
      const gain = 10 ** (rng.uniform(quiet!, loud!) / 20);
      // Played `speed` times faster: resample from rate*speed down to rate.
      let x = resample(e.input.data, Math.round(10000 * speed), 10000);
      for (let i = 0; i < x.length; i++) x[i] = x[i]! * gain;
      if (snr) x = addNoise(x, rng.uniform(snr[0]!, snr[1]!), rng);
      extra.push({
        ...e,
        id: `${e.id}+aug${k}`,
        input: { data: x, shape: [x.length, 1] },
        augmentOf: e.id,
        ...(e.source ? { source: `${e.source} (augmented: speed ${speed.toFixed(3)})` } : {}),
      });
    }
  }
  return { ...data, examples: [...data.examples, ...extra] };
}
