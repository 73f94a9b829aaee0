import type { Ajv2020 as Ajv, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Problem } from '../errors/pipeline-error.js';
import { loadSchema, packageRoot } from '../util/package-root.js';
import { didYouMean } from '../util/suggest.js';

const require = createRequire(import.meta.url);

/**
 * ajv's options: all errors collected, defaults filled in, `discriminator` understood, errors that
 * carry their schema. scripts/compile-validators.mjs builds the precompiled validators with the same.
 */
const OPTIONS = { allErrors: true, useDefaults: true, strict: false, discriminator: true, verbose: true };
const PIPELINE_SCHEMA_ID = 'https://concertina.dev/schemas/pipeline.schema.json';

const compiled = new WeakMap<object, ValidateFunction>();
let pipelineSchema: object | undefined;
let ajvInstance: Ajv | undefined;
let precompiled: Readonly<Record<string, { hash: string; validate: ValidateFunction }>> | null | undefined;

/** The pipeline JSON Schema (loaded once); kind schemas may refer to its definitions. */
export function pipelineSpecSchema(): object {
  return (pipelineSchema ??= loadSchema('pipeline.schema.json'));
}

/** ajv itself, loaded only for a schema with no precompiled validator (a plugin's, or one edited since the build). */
function ajv(): Ajv {
  if (!ajvInstance) {
    const { Ajv2020 } = require('ajv/dist/2020.js') as { Ajv2020: new (o: object) => Ajv };
    ajvInstance = new Ajv2020(OPTIONS);
    ajvInstance.addSchema(pipelineSpecSchema());
  }
  return ajvInstance;
}

/** The validator the build compiled for schema `id`, when it was built from exactly `schema`. */
function precompiledFor(id: unknown, schema: object): ValidateFunction | undefined {
  if (typeof id !== 'string') return undefined;
  if (precompiled === undefined) {
    try {
      const file = path.join(packageRoot(), 'dist/schemas/validators.cjs');
      precompiled = (require(file) as { byId: typeof precompiled }).byId;
    } catch {
      precompiled = null; // not built (tests run from source before a build): ajv compiles instead
    }
  }
  const entry = precompiled?.[id];
  const hash = createHash('sha256').update(JSON.stringify(schema)).digest('hex').slice(0, 16);
  return entry && entry.hash === hash ? entry.validate : undefined;
}

function compile(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    validate = precompiledFor((schema as { $id?: unknown }).$id, schema) ?? ajv().compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

const definitions = new Map<string, ValidateFunction>();

/**
 * Fills the defaults of one definition of the pipeline schema (`Training`, `Optimizer`...) into
 * `value`, in place, and returns it: the schema stays the one source of every default.
 */
export function fillDefaults<T>(definition: string, value: T): T {
  let validate = definitions.get(definition);
  if (!validate) {
    const ref = `${PIPELINE_SCHEMA_ID}#/$defs/${definition}`;
    validate = precompiledFor(ref, pipelineSpecSchema()) ?? ajv().compile({ $ref: ref });
    definitions.set(definition, validate);
  }
  validate(value);
  return value;
}

/**
 * Validates `value` (in place: defaults are filled) against a JSON Schema and returns every problem,
 * with pointers prefixed by `base` (e.g. `/stages/2/params`).
 */
export function validateAgainst(
  schema: object,
  value: unknown,
  base: string,
  where: { file?: string; stageId?: string },
): Problem[] {
  const validate = compile(schema);
  if (validate(value)) return [];
  return toProblems(validate.errors ?? [], base, where);
}

/** Turns ajv errors into problems users can act on, dropping the noise that oneOf branches make. */
function toProblems(errors: ErrorObject[], base: string, where: { file?: string; stageId?: string }): Problem[] {
  const kept = pruneBranchNoise(errors);
  const seen = new Set<string>();
  const out: Problem[] = [];
  for (const e of kept) {
    const p = describe(e, base, where);
    const key = `${p.pointer}|${p.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(p);
    }
  }
  return out;
}

function pruneBranchNoise(errors: ErrorObject[]): ErrorObject[] {
  const alternatives = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  if (alternatives.length === 0) return errors;
  return errors.filter((e) => {
    for (const alt of alternatives) {
      const p = alt.instancePath;
      const deeper = errors.some(
        (o) => o !== alt && o.instancePath.startsWith(p + '/') && o.schemaPath.startsWith(alt.schemaPath),
      );
      if (e === alt && deeper) return false;
      // A branch that failed only on its type/const at the same place is a sibling's complaint.
      if (
        deeper &&
        e.instancePath === p &&
        e.schemaPath.startsWith(alt.schemaPath) &&
        ['type', 'const', 'enum'].includes(e.keyword)
      )
        return false;
    }
    return true;
  });
}

function describe(e: ErrorObject, base: string, where: { file?: string; stageId?: string }): Problem {
  const at = base + e.instancePath;
  const ctx = { file: where.file, stageId: where.stageId };
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return {
        ...ctx,
        code: 'missing-property',
        pointer: `${at}/${String(params.missingProperty)}`,
        message: `missing required property \`${String(params.missingProperty)}\``,
      };
    case 'additionalProperties': {
      const prop = String(params.additionalProperty);
      const allowed = Object.keys(((e.parentSchema as { properties?: object })?.properties ?? {}) as object);
      return {
        ...ctx,
        code: 'unknown-property',
        pointer: `${at}/${prop}`,
        message: `unknown property \`${prop}\``,
        hint: didYouMean(prop, allowed, 'property'),
      };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      return {
        ...ctx,
        code: 'invalid-value',
        pointer: at,
        message: `must be one of ${allowed.map((x) => `\`${x}\``).join(', ')} (got ${JSON.stringify(e.data)})`,
        hint: typeof e.data === 'string' ? didYouMean(e.data, allowed) : undefined,
      };
    }
    case 'const':
      return {
        ...ctx,
        code: 'invalid-value',
        pointer: at,
        message: `must be ${JSON.stringify(params.allowedValue)} (got ${JSON.stringify(e.data)})`,
      };
    case 'type':
      return {
        ...ctx,
        code: 'wrong-type',
        pointer: at,
        message: `must be ${article(String(params.type))} (got ${typeName(e.data)})`,
      };
    case 'discriminator': {
      const schemaBranches = (
        (e.parentSchema as { oneOf?: { properties?: { kind?: { const?: string } } }[] })?.oneOf ?? []
      )
        .map((b) => b.properties?.kind?.const)
        .filter((x): x is string => typeof x === 'string');
      const tag = String(params.tag);
      const got = (e.data as Record<string, unknown> | null)?.[tag];
      return {
        ...ctx,
        code: 'invalid-value',
        pointer: `${at}/${tag}`,
        message: got === undefined ? `missing \`${tag}\`` : `unknown ${tag} ${JSON.stringify(got)}`,
        hint: typeof got === 'string' ? didYouMean(got, schemaBranches, tag) : `one of ${schemaBranches.join(', ')}`,
      };
    }
    case 'oneOf':
    case 'anyOf':
      return {
        ...ctx,
        code: 'invalid-value',
        pointer: at,
        message: `does not match any allowed form (got ${JSON.stringify(e.data)})`,
      };
    default:
      return { ...ctx, code: `schema-${e.keyword}`, pointer: at, message: e.message ?? `fails ${e.keyword}` };
  }
}

function article(t: string): string {
  const name = t === 'array' ? 'an array' : t === 'object' ? 'an object' : t === 'integer' ? 'an integer' : `a ${t}`;
  return name;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v)}`;
}
