import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DataError } from '../errors/pipeline-error.js';
import { writeFileAtomic, writeJsonAtomic } from './atomic-write.js';

/**
 * An on-disk tfjs IO handler (model.json + weights.bin), so models save and load in Node on any
 * backend (the `file://` handler exists only with tfjs-node). Files are written atomically.
 */
export function fileSaveHandler(dir: string): tf.io.IOHandler {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      const weights = artifacts.weightData ? concatWeightData(artifacts.weightData) : new Uint8Array(0);
      writeFileAtomic(path.join(dir, 'weights.bin'), weights);
      writeJsonAtomic(path.join(dir, 'model.json'), {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
        ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
      });
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
  };
}

/** Loads what fileSaveHandler wrote; a missing or damaged file is a DataError naming it. */
export function fileLoadHandler(dir: string): tf.io.IOHandler {
  return {
    async load(): Promise<tf.io.ModelArtifacts> {
      const jsonPath = path.join(dir, 'model.json');
      let json: {
        modelTopology: object;
        weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
        format?: string;
        generatedBy?: string;
        userDefinedMetadata?: Record<string, unknown>;
      };
      try {
        json = JSON.parse(readFileSync(jsonPath, 'utf8'));
      } catch (err) {
        throw new DataError(`cannot read model ${jsonPath}: ${(err as Error).message}`, {
          location: { file: jsonPath },
          cause: err,
        });
      }
      const specs: tf.io.WeightsManifestEntry[] = [];
      const parts: Uint8Array[] = [];
      for (const group of json.weightsManifest) {
        specs.push(...group.weights);
        for (const p of group.paths) parts.push(readFileSync(path.join(dir, p)));
      }
      const data = concatWeightData(
        parts.map((p) => p.buffer.slice(p.byteOffset, p.byteOffset + p.byteLength) as ArrayBuffer),
      );
      const expected = specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1) * bytesPer(s.dtype), 0);
      if (data.byteLength !== expected) {
        throw new DataError(`model weights in ${dir} hold ${data.byteLength} bytes, the manifest needs ${expected}`, {
          location: { file: path.join(dir, 'weights.bin') },
          hint: 'the run folder is damaged; retrain or restore it',
        });
      }
      return {
        modelTopology: json.modelTopology,
        weightSpecs: specs,
        weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer,
        format: json.format,
        generatedBy: json.generatedBy,
        ...(json.userDefinedMetadata
          ? { userDefinedMetadata: json.userDefinedMetadata as Record<string, object> }
          : {}),
      };
    },
  };
}

function bytesPer(dtype: string): number {
  return dtype === 'float32' || dtype === 'int32' ? 4 : dtype === 'bool' ? 1 : 4;
}

function concatWeightData(w: ArrayBuffer | ArrayBuffer[] | Uint8Array[]): Uint8Array {
  const list = (Array.isArray(w) ? w : [w]).map((b) => (b instanceof Uint8Array ? b : new Uint8Array(b)));
  const total = list.reduce((n, b) => n + b.byteLength, 0);
  const out = new Uint8Array(total);
  let off = 0;
  for (const b of list) {
    out.set(b, off);
    off += b.byteLength;
  }
  return out;
}
