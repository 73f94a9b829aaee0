/**
 * The layer classes of concertina's that exported models may keep, because they compute at inference
 * (a learned front end's log power and peak normalisation, per-image standardisation). Importing this
 * module registers them with tfjs, so the runtime loads such models; stock tfjs alone cannot.
 */
import { ImageStandardize } from '../train/layers/image-standardize.js';
import { LogPower } from '../train/layers/log-power.js';
import { PeakNormalize } from '../train/layers/peak-normalize.js';

/** Class names of the layers the runtime defines and registers. */
export const RUNTIME_LAYERS: ReadonlySet<string> = new Set(
  [LogPower, PeakNormalize, ImageStandardize].map((c) => c.className),
);
