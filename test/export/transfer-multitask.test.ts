import test from 'ava';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import type { BundleManifest } from '../../src/core/inference.js';
import { decodeWav, InferencePipeline } from '../../src/runtime/index.js';
import { tempDir } from '../helpers/temp-dir.js';
import { bundleFiles, heldOut, trainExportEval, type TrainedBundle } from './fsdd-bundle.js';

const dir = tempDir();
const data = heldOut(dir);
const set = (transforms: unknown[]) => ['--set', `transforms=${JSON.stringify(transforms)}`];
// A staged run whose phoneme model then starts a second run (transfer, fine-tuned), and a multi-task end-to-end
// network (words, with phoneme and speaker heads on its trunk).
const source = trainExportEval(dir, 'staged', data, [], [], 'source');
const transfer = source.then((s) =>
  trainExportEval(
    dir,
    'staged',
    data,
    [],
    set([{ kind: 'transfer', stage: 'phonemes', freeze: 'none', from: { run: s.runDir, stage: 'phonemes' } }]),
    'transfer',
  ),
);
const multitask = transfer.then(() =>
  trainExportEval(
    dir,
    'end-to-end',
    data,
    [],
    set([
      {
        kind: 'multitask',
        stage: 'network',
        weight: 1,
        heads: [
          { supervision: 'phonemes', weight: 0.5 },
          { supervision: 'speaker', weight: 0.2 },
        ],
      },
    ]),
    'multitask',
  ),
);

async function runtimeOn(b: TrainedBundle) {
  await tf.setBackend('wasm');
  const pipeline = await InferencePipeline.load(bundleFiles(b.bundle));
  const results = b.predictions.map((p) => {
    const audio = decodeWav(new Uint8Array(readFileSync(p.source)), p.source);
    return pipeline.recognize(audio.samples, audio.sampleRate);
  });
  pipeline.dispose();
  return results;
}

test('a transferred phoneme model exports and gives exactly the words of concertina eval', async (t) => {
  const b = await transfer;
  const spec = JSON.parse(readFileSync(path.join(b.runDir, 'spec.json'), 'utf8')) as { transforms: { kind: string }[] };
  t.is(spec.transforms[0]!.kind, 'transfer');
  const results = await runtimeOn(b);
  t.deepEqual(
    results.map((r) => [...r.words]),
    b.predictions.map((p) => p.words),
  );
});

test('a multi-task network exports every head; the words match eval, the extra heads are in the output', async (t) => {
  const b = await multitask;
  const m = JSON.parse(readFileSync(path.join(b.bundle, 'manifest.json'), 'utf8')) as BundleManifest;
  const network = m.stages.find((s) => s.op === 'network');
  t.true(network?.op === 'network');
  if (network?.op !== 'network') return;
  t.deepEqual(
    network.heads.map((h) => [h.label, h.kind]),
    [
      ['words', 'ctc'],
      ['phonemes', 'ctc'],
      ['speaker', 'softmax'],
    ],
  );
  const results = await runtimeOn(b);
  t.deepEqual(
    results.map((r) => [...r.words]),
    b.predictions.map((p) => p.words),
  );
  const first = results[0]!.stages;
  t.is(first['network.phonemes']?.kind, 'posteriors');
  const speaker = first['network.speaker'];
  t.true(speaker?.kind === 'classes' && speaker.names.length >= 2 && speaker.values.length === speaker.names.length);
});
