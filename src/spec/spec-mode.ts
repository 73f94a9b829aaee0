import type { Mode } from '../core/mode.js';
import type { PipelineSpec } from './generated/pipeline-spec.js';
import { pipelineSpecSchema } from './schema-validator.js';

/**
 * The mode a spec runs in: an override (the CLI's --mode, an ablation arm), else the spec's own, else
 * the schema's default. The one place the default mode is read.
 */
export function modeOf(spec: Pick<PipelineSpec, 'mode'>, override?: Mode): Mode {
  if (override) return override;
  if (spec.mode) return spec.mode;
  const schema = pipelineSpecSchema() as { properties: { mode: { default: Mode } } };
  return schema.properties.mode.default;
}
