import type * as tf from '@tensorflow/tfjs-core';
import { BUNDLE_VERSION, type BundleManifest } from '../core/inference.js';
import { DataError } from '../errors/pipeline-error.js';

/** The files of a bundle held in memory, by path relative to the bundle (`manifest.json`, `phonemes/model.json`...). */
export type BundleFiles = ReadonlyMap<string, Uint8Array> | Readonly<Record<string, Uint8Array>>;

/** Where a bundle is: a URL of its folder (fetched), or its files in memory (read in Node, dropped in a page). */
export type BundleSource = string | BundleFiles;

/** Reads files of a bundle, wherever it lies. */
export interface BundleReader {
  /** Where the bundle is, in words (for messages). */
  readonly where: string;
  bytes(file: string): Promise<Uint8Array>;
  /** A tfjs IO handler for a model.json of the bundle. */
  model(file: string): tf.io.IOHandler | string;
}

/** A reader of `source`. */
export function bundleReader(source: BundleSource): BundleReader {
  if (typeof source === 'string') {
    const base = source.endsWith('/') ? source : `${source}/`;
    return {
      where: base,
      async bytes(file) {
        const res = await fetch(base + file);
        if (!res.ok) throw new DataError(`${base + file}: HTTP ${res.status}`, { location: { file: base + file } });
        return new Uint8Array(await res.arrayBuffer());
      },
      model: (file) => base + file,
    };
  }
  const files = source instanceof Map ? source : new Map(Object.entries(source as Record<string, Uint8Array>));
  const get = (file: string): Uint8Array => {
    const b = files.get(file);
    if (!b) throw new DataError(`the bundle has no file ${file}`, { location: { file } });
    return b;
  };
  return {
    where: 'the bundle in memory',
    bytes: async (file) => get(file),
    model: (file) => memoryModel(file, get),
  };
}

/** An IO handler loading model.json and its weight files from the in-memory bundle. */
function memoryModel(file: string, get: (f: string) => Uint8Array): tf.io.IOHandler {
  return {
    async load(): Promise<tf.io.ModelArtifacts> {
      const json = JSON.parse(new TextDecoder().decode(get(file))) as {
        modelTopology: object;
        weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
        format?: string;
      };
      const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
      const parts = json.weightsManifest.flatMap((g) => g.paths.map((p) => get(dir + p)));
      const total = parts.reduce((n, p) => n + p.byteLength, 0);
      const data = new Uint8Array(total);
      let off = 0;
      for (const p of parts) {
        data.set(p, off);
        off += p.byteLength;
      }
      return {
        modelTopology: json.modelTopology,
        weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
        weightData: data.buffer,
        ...(json.format ? { format: json.format } : {}),
      };
    },
  };
}

/** Reads and checks manifest.json. */
export async function readManifest(reader: BundleReader): Promise<BundleManifest> {
  const text = new TextDecoder().decode(await reader.bytes('manifest.json'));
  let m: BundleManifest;
  try {
    m = JSON.parse(text) as BundleManifest;
  } catch (err) {
    throw new DataError(`manifest.json of ${reader.where} is not JSON: ${(err as Error).message}`, {
      location: { file: 'manifest.json' },
    });
  }
  if (m.format !== 'concertina-bundle')
    throw new DataError(`manifest.json of ${reader.where} is not a concertina bundle manifest`, {
      location: { file: 'manifest.json' },
    });
  if (m.version !== BUNDLE_VERSION)
    throw new DataError(
      `manifest.json of ${reader.where} has version ${m.version}; this runtime reads version ${BUNDLE_VERSION}`,
      { location: { file: 'manifest.json' }, hint: 'export the run again with this version of concertina' },
    );
  return m;
}
