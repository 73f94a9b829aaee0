/**
 * `concertina/runtime`: runs a pipeline exported by `concertina export` wherever tfjs runs (a browser,
 * Node, a worker): no file system, no Node built-ins, only tfjs-core, tfjs-layers and a backend. The
 * features, decoders and grammar are the very code training ran.
 */
import '@tensorflow/tfjs-backend-cpu';

export { InferencePipeline, type Recognition } from './inference-pipeline.js';
export type { StageOutput } from './stage-output.js';
export type { BundleFiles, BundleSource } from './bundle-source.js';
export type { BundleManifest, InferenceHead, InferenceOp, InferencePart, InferenceStage } from '../core/inference.js';
export { decodeWav, type DecodedAudio } from '../audio/wav-decode.js';
export { resample } from '../audio/resample.js';
