import { builtinDatasets } from '../../datasets/index.js';
import { builtinStages } from '../../stages/index.js';
import type { KindSet } from '../registry/kind-set.js';
import { lexiconService } from '../speech/lexicon-service.js';
import { builtinTransforms } from '../transforms/builtin-transforms.js';

/** The kinds that ship with concertina, registered exactly as a plugin's are. */
export const builtinKinds: KindSet = {
  stages: builtinStages,
  datasets: builtinDatasets,
  transforms: builtinTransforms,
  services: [lexiconService],
};
