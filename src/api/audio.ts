/** `concertina/audio`: WAV reading and writing, resampling and noise (plain JavaScript, no tf). */
export {
  decodeWav,
  encodeWav,
  readWav,
  type DecodedAudio,
  type SampleFormat,
  type WavReadOptions,
} from '../audio/wav.js';
export { RESAMPLE_QUALITY, resample, type ResampleQuality } from '../audio/resample.js';
export { addNoise } from '../audio/noise.js';
