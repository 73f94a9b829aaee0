/**
 * The stage params schemas users see must agree with the TypeScript options: same fields, same defaults, same
 * rules.
 */
import test from 'ava';
import * as ajv2020 from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultLogMelOptions, logMelOptionProblems } from '../../src/features/log-mel.js';
import { defaultMfccOptions, mfccOptionProblems } from '../../src/features/mfcc.js';

const Ajv2020 = ajv2020.Ajv2020;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Schema {
  $schema: string;
  $id: string;
  title: string;
  description: string;
  additionalProperties: boolean;
  properties: Record<string, { default: unknown; description: string }>;
}

const kinds = [
  { name: 'mfcc', defaults: defaultMfccOptions as object, problems: mfccOptionProblems as (o: object) => unknown[] },
  {
    name: 'log-mel',
    defaults: defaultLogMelOptions as object,
    problems: logMelOptionProblems as (o: object) => unknown[],
  },
];

for (const { name, defaults, problems } of kinds) {
  const file = path.join(root, 'schemas/stages', `${name}.params.schema.json`);
  const schema = JSON.parse(readFileSync(file, 'utf8')) as Schema;

  test(`${name}: schema header, a description on every property, no extra properties`, (t) => {
    t.is(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
    t.is(schema.$id, `https://concertina.dev/schemas/stages/${name}.params.schema.json`);
    t.truthy(schema.title);
    t.truthy(schema.description);
    t.false(schema.additionalProperties);
    for (const [k, p] of Object.entries(schema.properties))
      t.true(typeof p.description === 'string' && p.description.length > 20, k);
  });

  test(`${name}: schema properties and defaults equal the TypeScript defaults`, (t) => {
    t.deepEqual(Object.keys(schema.properties).sort(), Object.keys(defaults).sort());
    const schemaDefaults = Object.fromEntries(Object.entries(schema.properties).map(([k, p]) => [k, p.default]));
    t.deepEqual(schemaDefaults, { ...defaults });
  });

  test(`${name}: ajv fills an empty params object with exactly the defaults`, (t) => {
    const validate = new Ajv2020({ useDefaults: true, strict: true, allowUnionTypes: true }).compile(schema);
    const params = {};
    t.true(validate(params), JSON.stringify(validate.errors));
    t.deepEqual(params, { ...defaults });
  });

  test(`${name}: schema and TypeScript checks reject the same bad values`, (t) => {
    const validate = new Ajv2020({ strict: true, allowUnionTypes: true }).compile(schema);
    const bad: object[] = [
      { preEmphasis: 1.5 },
      { preEmphasis: -0.1 },
      { windowMs: 0 },
      { hopMs: -10 },
      { window: 'blackman' },
      { fftSize: 200 },
      { fftSize: 8 },
      { fftSize: 32768 },
      { padding: 'start' },
      { spectrum: 'complex' },
      { melBands: 0 },
      { melBands: 2.5 },
      { melScale: 'bark' },
      { melNorm: 'area' },
      { lowHz: -1 },
      { highHz: 0 },
      { logFloor: 0 },
      { deltas: 'yes' },
      { deltaWindow: 0 },
      { normalize: 'global' },
      { unknownOption: 1 },
      ...(name === 'mfcc' ? [{ coefficients: 0 }, { lifter: -1 }, { energy: 'c1' }] : []),
    ];
    for (const params of bad) {
      t.false(validate({ ...params }), `schema accepts ${JSON.stringify(params)}`);
      t.true(problems(params).length > 0, `TypeScript accepts ${JSON.stringify(params)}`);
    }
    const good: object[] = [
      { fftSize: 512 },
      { highHz: 3800 },
      { window: 'povey', melScale: 'slaney', melNorm: 'slaney' },
      { preEmphasis: 0 },
    ];
    for (const params of good) {
      t.true(validate({ ...params }), `schema rejects ${JSON.stringify(params)}`);
      t.deepEqual(problems(params), [], `TypeScript rejects ${JSON.stringify(params)}`);
    }
  });
}
