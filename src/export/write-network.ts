import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DataError, StageError } from '../errors/pipeline-error.js';
import { writeJsonAtomic } from '../io/atomic-write.js';
import { layerClasses, stripTrainingLayers } from './strip-layers.js';
import { stockLayerClasses } from './stock-layers.js';
import { RUNTIME_LAYERS } from '../runtime/custom-layers.js';

/**
 * Writes a stage's saved network into `toDir` as stock tfjs loads it: training-only layers removed, the
 * weight files copied. Layer classes stock tfjs does not know must be ones the runtime defines (returned);
 * any other is an error naming the stage and the class.
 */
export function writeNetwork(
  modelJson: string,
  toDir: string,
  stageId: string,
): { removed: string[]; customLayers: string[] } {
  let json: { modelTopology: unknown; weightsManifest: { paths: string[] }[] } & Record<string, unknown>;
  try {
    json = JSON.parse(readFileSync(modelJson, 'utf8'));
  } catch (err) {
    throw new DataError(`stage \`${stageId}\`: cannot read its saved model ${modelJson}: ${(err as Error).message}`, {
      location: { file: modelJson, stageId },
    });
  }
  const { topology, removed } = stripTrainingLayers(json.modelTopology, stageId);
  const stock = stockLayerClasses();
  const classes = layerClasses(topology).filter((l) => !stock.has(l.className));
  const customLayers = [...new Set(classes.filter((l) => RUNTIME_LAYERS.has(l.className)).map((l) => l.className))];
  const custom = classes.filter((l) => !RUNTIME_LAYERS.has(l.className));
  if (custom.length)
    throw new StageError(
      `stage \`${stageId}\` uses layer classes stock tfjs does not know: ` +
        custom.map((l) => `${l.className} (layer ${l.layer})`).join(', ') +
        '; the runtime defines none of them, so the stage cannot be exported',
      {
        location: { stageId },
        hint: 'build the stage from stock tfjs layers, or keep it out of the exported pipeline',
      },
    );
  mkdirSync(toDir, { recursive: true });
  const from = path.dirname(modelJson);
  for (const group of json.weightsManifest)
    for (const p of group.paths) copyFileSync(path.join(from, p), path.join(toDir, p));
  const { userDefinedMetadata: _drop, ...rest } = json;
  writeJsonAtomic(path.join(toDir, 'model.json'), { ...rest, modelTopology: topology });
  return { removed, customLayers };
}
