import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

/** Loads a model.json with stock @tensorflow/tfjs in a fresh Node process that imports nothing of concertina. */
export async function stockPredict(modelJson: string, input: { shape: number[]; data: number[] }): Promise<number[]> {
  const tfjs = pathToFileURL(createRequire(import.meta.url).resolve('@tensorflow/tfjs')).href;
  const script = `
    import * as tf from ${JSON.stringify(tfjs)};
    import { readFileSync } from 'node:fs';
    import path from 'node:path';
    const file = ${JSON.stringify(modelJson)};
    const json = JSON.parse(readFileSync(file, 'utf8'));
    const bin = json.weightsManifest.flatMap((g) => g.paths.map((p) => readFileSync(path.join(path.dirname(file), p))));
    const weights = Buffer.concat(bin);
    const model = await tf.loadLayersModel(tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((g) => g.weights),
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    }));
    const input = ${JSON.stringify(input)};
    const y = model.predict(tf.tensor(input.data, input.shape));
    process.stdout.write(JSON.stringify(Array.from((Array.isArray(y) ? y[0] : y).dataSync())));
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    cwd: path.dirname(modelJson),
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as number[];
}
