import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SpecError, type Problem } from '../errors/pipeline-error.js';
import { checkDocument } from './check-document.js';
import { expandEnv } from './expand-env.js';
import type { PipelineSpec } from './generated/pipeline-spec.js';
import { applyOverrides } from './overrides.js';
import { parseJson } from './parse-json.js';
import { pipelineSpecSchema, validateAgainst } from './schema-validator.js';

/** A spec read from disk, expanded, overridden and validated against schemas/pipeline.schema.json. */
export interface LoadedSpec {
  readonly spec: PipelineSpec;
  readonly file: string;
  readonly dir: string;
}

export interface LoadOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** `path=value` overrides (the CLI's --set), applied before validation. */
  readonly overrides?: readonly string[];
}

/** Reads and validates a pipeline spec file; every problem is reported together in one SpecError. */
export async function loadSpec(file: string, options: LoadOptions = {}): Promise<LoadedSpec> {
  const abs = path.resolve(file);
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new SpecError(
      [
        {
          code: 'unreadable-file',
          file,
          message: code === 'ENOENT' ? 'no such file' : `cannot read: ${(err as Error).message}`,
          hint: 'check the path; specs live in pipelines/',
        },
      ],
      file,
    );
  }
  return parseSpec(text, file, options, path.dirname(abs));
}

/** Validates a spec given as text (the file name is used in messages). */
export function parseSpec(text: string, file: string, options: LoadOptions = {}, dir = process.cwd()): LoadedSpec {
  const raw = parseJson(text, file);
  return validateSpec(raw, file, options, dir);
}

/** Validates a spec document (already parsed). */
export function validateSpec(raw: unknown, file: string, options: LoadOptions = {}, dir = process.cwd()): LoadedSpec {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new SpecError(
      [{ code: 'wrong-type', file, pointer: '', message: 'a pipeline spec must be a JSON object' }],
      file,
    );
  }
  const shape = checkDocument(raw, file);
  if (shape.length) throw new SpecError(shape, file);
  const withOverrides = options.overrides?.length
    ? applyOverrides(raw as Record<string, unknown>, options.overrides)
    : raw;
  const { value, problems } = expandEnv(withOverrides, options.env ?? process.env, file);
  const all: Problem[] = [...problems, ...validateAgainst(pipelineSpecSchema(), value, '', { file })];
  if (all.length) throw new SpecError(all, file);
  return { spec: value as PipelineSpec, file, dir };
}
