import test from 'ava';
import { csvField, reportCsv } from '../../../src/ablation/report/report-csv.js';
import { trial } from '../../fixtures/ablation/trials.js';

test('csvField quotes commas, quotes, line breaks and edge spaces, and doubles quotes', (t) => {
  t.is(csvField('plain'), 'plain');
  t.is(csvField('a,b'), '"a,b"');
  t.is(csvField('say "hi"'), '"say ""hi"""');
  t.is(csvField('two\nlines'), '"two\nlines"');
  t.is(csvField(' padded'), '" padded"');
  t.is(csvField(undefined), '');
  t.is(csvField(0.1), '0.1');
  t.is(csvField([64, 32]), '"[64,32]"');
});

test('one row per trial with params, status, error, every metric, duration and run folder', (t) => {
  const csv = reportCsv([
    trial({
      arm: 'staged',
      trainFraction: 0.5,
      seed: 1,
      params: { 'stages.classifier.params.hidden': [64, 32], 'training.optimizer.learningRate': 0.01 },
      metrics: { accuracy: 0.9, 'classifier.loss': 0.3 },
      durationMs: 1500,
      runDir: 'runs/a,b',
    }),
    trial({
      arm: 'end-to-end',
      trainFraction: 0.5,
      seed: 1,
      params: { 'training.optimizer.learningRate': 0.001 },
      status: 'failed',
      error: 'StageError: "classifier" failed,\nbadly',
      metrics: {},
    }),
  ]);
  const lines = csv.split('\r\n');
  t.is(
    lines[0],
    'trialId,arm,mode,trainFraction,trainExamples,seed,stages.classifier.params.hidden,' +
      'training.optimizer.learningRate,' +
      'status,error,accuracy,classifier.loss,durationMs,runDir',
  );
  t.is(lines[1], 'staged-f0.5-s1,staged,staged,0.5,500,1,"[64,32]",0.01,completed,,0.9,0.3,1500,"runs/a,b"');
  t.is(
    lines[2],
    'end-to-end-f0.5-s1,end-to-end,end-to-end,0.5,500,1,,0.001,failed,' +
      '"StageError: ""classifier"" failed,\nbadly",,,1000,runs/end-to-end-f0.5-s1',
  );
  t.is(lines[3], '');
  t.is(lines.length, 4);
});
