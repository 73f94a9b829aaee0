import { type DatasetKind } from '../src/api/plugin.js';
import { csvDataset } from './csv.js';
import { digitStringsDataset } from './digit-strings.js';
import { syntheticSpeech } from './synthetic-speech.js';
import { syntheticTabular } from './synthetic-tabular.js';
import { wavFolderDataset } from './wav-folder.js';
import { streetScenes } from './street-scenes.js';
import { shapesDataset } from './shapes.js';

/** The dataset kinds that ship with concertina. */
export const builtinDatasets: readonly DatasetKind<any>[] = [
  syntheticTabular,
  csvDataset,
  wavFolderDataset,
  digitStringsDataset,
  syntheticSpeech,
  streetScenes,
  shapesDataset,
];
