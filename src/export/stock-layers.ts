import { execFileSync } from 'node:child_process';
import { packageRoot } from '../util/package-root.js';

let cached: ReadonlySet<string> | undefined;

/**
 * Class names stock tfjs-layers registers (layers, initializers, constraints, regularizers), read in a
 * fresh Node process that imports nothing of concertina: in this one, concertina's and plugins' own
 * layer classes are registered alongside them and cannot be told apart.
 */
export function stockLayerClasses(): ReadonlySet<string> {
  if (cached) return cached;
  const script =
    "import * as tf from '@tensorflow/tfjs-core'; import '@tensorflow/tfjs-layers';" +
    'process.stdout.write(JSON.stringify(Object.keys(tf.serialization.SerializationMap.getMap().classNameMap)));';
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: packageRoot(),
    encoding: 'utf8',
  });
  cached = new Set(JSON.parse(out) as string[]);
  return cached;
}
