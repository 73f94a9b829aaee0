#!/usr/bin/env node
// Compiles every JSON Schema in schemas/ to standalone ajv validators (dist/schemas/validators.cjs), so a
// command validates a spec without compiling schemas at start-up (ajv's compile is most of `validate`'s
// time). Each validator carries the hash of the schema it was built from; at run time a schema whose
// text changed since the build is compiled by ajv instead, so a stale file is never used.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020').default;
const standaloneCode = require('ajv/dist/standalone').default;

/** The options of src/spec/schema-validator.ts: both must build the same validators. */
const OPTIONS = { allErrors: true, useDefaults: true, strict: false, discriminator: true, verbose: true };
/** Definitions of the pipeline schema that code validates on their own (training defaults). */
const DEFINITIONS = ['Training', 'Optimizer', 'EarlyStopping'];

const hash = (schema) => createHash('sha256').update(JSON.stringify(schema)).digest('hex').slice(0, 16);

const files = ['pipeline.schema.json'];
for (const dir of ['stages', 'datasets', 'transforms']) {
  const names = (await readdir(path.join(root, 'schemas', dir))).sort();
  for (const f of names) if (f.endsWith('.schema.json')) files.push(`${dir}/${f}`);
}
const ajv = new Ajv2020({ ...OPTIONS, code: { source: true } });
const validatorNames = {};
const hashes = {};
let pipelineId;
for (const [i, f] of files.entries()) {
  const schema = JSON.parse(await readFile(path.join(root, 'schemas', f), 'utf8'));
  ajv.addSchema(schema);
  validatorNames[`v${i}`] = schema.$id;
  hashes[schema.$id] = hash(schema);
  if (f === 'pipeline.schema.json') pipelineId = schema.$id;
}
for (const [i, d] of DEFINITIONS.entries()) {
  const ref = `${pipelineId}#/$defs/${d}`;
  validatorNames[`d${i}`] = ref;
  hashes[ref] = hashes[pipelineId];
}
const code = standaloneCode(ajv, validatorNames);
const index = Object.entries(validatorNames).map(
  ([fn, id]) => `  ${JSON.stringify(id)}: { hash: ${JSON.stringify(hashes[id])}, validate: exports.${fn} },`,
);
const out = path.join(root, 'dist/schemas/validators.cjs');
await mkdir(path.dirname(out), { recursive: true });
await writeFile(out, `${code}\nexports.byId = {\n${index.join('\n')}\n};\n`);
console.log(`compiled ${Object.keys(validatorNames).length} validators to ${path.relative(root, out)}`);
