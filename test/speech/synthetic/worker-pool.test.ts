import test from 'ava';
import { runSynthesis, type SynthesisJob, type SynthesisResult } from '../../../src/speech/synthetic/worker-pool.js';

const jobs: SynthesisJob[] = ['one', 'two', 'six', 'oh', 'nine'].map((text, index) => ({
  index,
  text,
  voice: { variant: index % 2 ? 'f2' : 'm4', speed: 150 + 10 * index, pitch: 40, pitchRange: 60 },
  seed: 100 + index,
}));

const collect = async (
  workers: number,
  useCallingThread: boolean,
): Promise<{ out: SynthesisResult[]; inWorkers: number }> => {
  const out: SynthesisResult[] = [];
  const report = await runSynthesis(jobs, { workers, useCallingThread }, (r) => (out[r.index] = r));
  return { out, inWorkers: report.inWorkers };
};

test('worker threads give exactly the in-process samples', async (t) => {
  const local = await collect(1, true);
  const pooled = await collect(2, false);
  t.is(local.inWorkers, 0);
  t.is(pooled.inWorkers, jobs.length, 'every job went to a worker thread');
  for (const [i, r] of pooled.out.entries()) {
    t.is(r.sampleRate, 22050);
    t.deepEqual(r.samples, local.out[i]!.samples, jobs[i]!.text);
  }
});

test('a failing job rejects with a StageError naming the text and the pool shuts down', async (t) => {
  const bad: SynthesisJob[] = [
    ...jobs.slice(0, 2),
    { index: 2, text: 'three', voice: { variant: 'nope', speed: 150, pitch: 50, pitchRange: 50 }, seed: 1 },
  ];
  const err = await t.throwsAsync(runSynthesis(bad, { workers: 1, useCallingThread: false }, () => {}));
  t.is(err!.name, 'StageError');
  t.regex(err!.message, /speech synthesis failed on "three": SpecError: .*no voice variant "nope"/s);
});
