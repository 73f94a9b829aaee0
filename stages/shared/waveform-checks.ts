import type { PortType, Problem } from '../../src/api/plugin.js';

/** The sample rate a waveform port carries (waveform[8000]), when known. */
export function waveformRate(t: PortType | undefined): number | undefined {
  const d = t?.dims[0];
  return typeof d === 'number' ? d : undefined;
}

/** Feature option problems (pointers relative to the params), plus an unknown sample rate. */
export function waveformFeatureChecks(
  problems: readonly Problem[],
  inputs: readonly PortType[],
): Omit<Problem, 'file' | 'stageId'>[] {
  const out: Omit<Problem, 'file' | 'stageId'>[] = problems.map(({ file: _f, stageId: _s, ...p }) => p);
  if (waveformRate(inputs[0]) === undefined)
    out.push({
      code: 'unknown-sample-rate',
      message: 'the waveform feeding this stage has no known sample rate',
      hint: 'read it through an audio-input stage, which fixes the rate',
    });
  return out;
}
