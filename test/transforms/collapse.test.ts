import test from 'ava';
import type { CompiledPipeline } from '../../src/compile/compiled-pipeline.js';
import { compilePipeline } from '../../src/compile/compile-pipeline.js';
import { SpecError } from '../../src/errors/pipeline-error.js';
import type { PipelineSpec } from '../../src/spec/generated/pipeline-spec.js';
import { validateSpec } from '../../src/spec/load-spec.js';
import { applyTransforms, transformsOf } from '../../src/transforms/apply-transforms.js';
import { catalogWith } from '../helpers/catalog.js';
import { speechSpec, tabularSpec } from '../helpers/specs.js';

const catalog = catalogWith();

function collapse(spec: PipelineSpec, params?: Record<string, unknown>): CompiledPipeline {
  const s = validateSpec(structuredClone(spec), 'p.json').spec;
  const compiled = compilePipeline(s, catalog, { file: 'p.json' });
  const uses = params
    ? [{ kind: 'collapse', params: structuredClone(params), pointer: '/transforms/0' }]
    : transformsOf(compiled, 'end-to-end');
  return applyTransforms(compiled, uses, catalog).pipeline;
}

function problems(spec: PipelineSpec, params?: Record<string, unknown>) {
  try {
    collapse(spec, params);
  } catch (err) {
    if (err instanceof SpecError) return err.problems;
    throw err;
  }
  throw new Error('expected a SpecError');
}

const node = (p: CompiledPipeline, id: string) => p.graph.node(id)!;

test('the end-to-end shorthand collapses phonemes + words; mfcc stays before, the grammar after', (t) => {
  const p = collapse(speechSpec());
  t.deepEqual(p.order, ['audio', 'features', 'network', 'sentence']);
  const net = node(p, 'network');
  t.deepEqual(
    net.members!.map((m) => m.id),
    ['phonemes', 'words'],
  );
  t.deepEqual(net.inputs, ['features']);
  t.is(net.supervision, 'words');
  t.deepEqual(net.outputType, { kind: 'hypotheses', dims: [10] });
  t.deepEqual(node(p, 'sentence').inputs, ['network']);
  t.is(p.primaryOutput, 'sentence');
  t.deepEqual(
    p.graph.inEdges('sentence')!.map((e) => e.v),
    ['network'],
  );
});

test('partial collapse of words + sentence: a network on the phoneme posteriors, decoded by the grammar', (t) => {
  const p = collapse(speechSpec(), { from: 'words', to: 'sentence' });
  t.deepEqual(p.order, ['audio', 'features', 'phonemes', 'network', 'sentence']);
  const net = node(p, 'network');
  t.deepEqual(
    net.members!.map((m) => m.id),
    ['words'],
  );
  t.deepEqual(net.inputTypes, [{ kind: 'posteriors', dims: [40] }]);
  t.is(net.supervision, 'words', 'trained on the labels of the last stage of the chain');
  t.deepEqual(node(p, 'phonemes').supervision, 'phonemes', 'the phoneme model stays staged on its own labels');
});

test('partial collapse of a learned front end into the phoneme model keeps lexicon decoding staged', (t) => {
  const p = collapse(speechSpec(), { from: 'features', to: 'phonemes' });
  t.deepEqual(p.order, ['audio', 'network', 'words', 'sentence']);
  const net = node(p, 'network');
  t.deepEqual(
    net.members!.map((m) => `${m.id}:${m.kind}`),
    ['features:learned-filterbank', 'phonemes:phoneme-model'],
  );
  t.is(net.supervision, 'phonemes');
  t.deepEqual(net.outputType, { kind: 'posteriors', dims: [40] });
  t.deepEqual(node(p, 'words').inputs, ['network']);
  t.is(node(p, 'words').kind, 'lexicon-decoder');
});

test('features: learned starts the shorthand at the hand-designed stage and replaces it', (t) => {
  const p = collapse(speechSpec({ endToEnd: { features: 'learned' } }));
  t.deepEqual(
    node(p, 'network').members!.map((m) => m.kind),
    ['learned-filterbank', 'phoneme-model', 'lexicon-decoder'],
  );
  t.deepEqual(node(p, 'network').inputs, ['audio']);
});

test('a hand-designed stage without a learned counterpart cannot be collapsed: both stages and why', (t) => {
  const [p] = problems(tabularSpec(), { from: 'features', to: 'classifier' });
  t.is(p!.code, 'not-collapsible');
  t.is(p!.pointer, '/stages/1');
  t.regex(p!.message, /cannot collapse `features`..`classifier`: `features` \(standardize\) is hand-designed/);
});

test('a chain that does not lead from `from` to `to`, or starts at the source, is named', (t) => {
  const [a] = problems(speechSpec(), { from: 'sentence', to: 'phonemes' });
  t.is(a!.pointer, '/transforms/0/from');
  t.regex(a!.message, /`phonemes` does not follow `sentence`/);
  const [b] = problems(speechSpec(), { from: 'audio', to: 'phonemes' });
  t.regex(b!.message, /`audio` reads the dataset/);
  const [c] = problems(speechSpec(), { from: 'phonemes', to: 'wrods' });
  t.is(c!.pointer, '/transforms/0/to');
  t.regex(c!.hint!, /did you mean `words`/);
});

test('ports that do not connect inside the network are a problem naming both stages', (t) => {
  const [p] = problems(speechSpec(), { from: 'features', to: 'phonemes', replace: { features: 'dense-classifier' } });
  t.is(p!.code, 'port-mismatch');
  t.is(p!.pointer, '/transforms/0/replaceParams/features');
  t.regex(p!.message, /learned replacement of `features` \(dense-classifier\) expects vector/);
});

test('a stage outside the chain that reads a swallowed member is a problem', (t) => {
  const spec = tabularSpec();
  spec.stages.push(
    { id: 'head', kind: 'dense-classifier', inputs: ['classifier'], supervision: 'label', params: { hidden: [4] } },
    { id: 'probe', kind: 'dense-classifier', inputs: ['classifier'], supervision: 'coarse', params: { hidden: [4] } },
  );
  const ps = problems(spec, { from: 'classifier', to: 'head' });
  const p = ps.find((x) => x.stageId === 'probe')!;
  t.is(p.pointer, '/stages/4/inputs/0');
  t.regex(p.message, /`probe` reads `classifier`, which the network would swallow/);
});

test('a decoder inside the chain (before a trainable stage) cannot collapse: both stages and why', (t) => {
  const tokensNet = {
    kind: 'tokens-net',
    description: 'a test network on decoded tokens',
    version: 1,
    paramsSchema: {},
    inputs: () => [{ name: 'tokens', kinds: ['tokens' as const] }],
    output: () => ({ kind: 'scores' as const, dims: [10] }),
    fit: 'supervised' as const,
    labelKinds: ['sequence' as const],
    collapse: 'layers' as const,
  };
  const withTokens = catalogWith({ stages: [tokensNet] });
  const spec = speechSpec();
  spec.stages.push({ id: 'rescore', kind: 'tokens-net', inputs: ['sentence'], supervision: 'words' });
  const s = validateSpec(spec, 'p.json').spec;
  const compiled = compilePipeline(s, withTokens, { file: 'p.json' });
  const uses = [{ kind: 'collapse', params: { from: 'words', to: 'rescore' }, pointer: '/transforms/0' }];
  const err = t.throws(() => applyTransforms(compiled, uses, withTokens), { instanceOf: SpecError });
  const p = err.problems[0]!;
  t.is(p.code, 'not-collapsible');
  t.regex(p.message, /cannot collapse `words`..`rescore`: `sentence` \(grammar\) is a decoder, not differentiable/);
});
