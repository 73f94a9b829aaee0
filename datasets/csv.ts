import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { contentKey, DataError, type DatasetKind, didYouMean, type Example, loadSchema } from '../src/api/plugin.js';
import { type CsvParams } from './generated/csv.params.js';

/** A CSV file with a header: numeric features and a class label column. */
export const csvDataset: DatasetKind<CsvParams> = {
  kind: 'csv',
  description: 'Rows of a CSV file: numeric feature columns and a class label.',
  paramsSchema: loadSchema('datasets/csv.params.schema.json'),
  describe: (p) => ({
    input: { kind: 'vector', dims: [p.features?.length ?? 'features'] },
    labels: { [p.label]: { kind: 'class' } },
    hasOfficialSplit: p.splitColumn !== undefined,
    hasGroups: p.groupColumn !== undefined,
  }),
  async load(p, ctx) {
    const file = path.resolve(ctx.specDir, p.path);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      throw new DataError(
        `cannot read CSV ${file}: ` +
          `${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`,
        { location: { file, pointer: '/dataset/params/path' }, cause: err },
      );
    }
    const rows = parseCsv(text, p.delimiter);
    const header = rows.shift();
    if (!header || rows.length === 0) throw new DataError(`CSV ${file} has no data rows`, { location: { file } });
    const col = (name: string, pointer: string) => {
      const i = header.indexOf(name);
      if (i < 0)
        throw new DataError(`CSV ${file} has no column \`${name}\``, {
          location: { file, pointer },
          hint: didYouMean(name, header, 'column'),
        });
      return i;
    };
    const labelCol = col(p.label, '/dataset/params/label');
    const splitCol = p.splitColumn !== undefined ? col(p.splitColumn, '/dataset/params/splitColumn') : -1;
    const groupCol = p.groupColumn !== undefined ? col(p.groupColumn, '/dataset/params/groupColumn') : -1;
    const featureCols = (p.features ?? header.filter((_, i) => i !== labelCol && i !== splitCol && i !== groupCol)).map(
      (f, k) => col(f, `/dataset/params/features/${k}`),
    );
    const classes = [...new Set(rows.map((r) => r[labelCol] ?? ''))].sort();
    const examples: Example[] = rows.map((r, n) => {
      const line = n + 2;
      if (r.length !== header.length)
        throw new DataError(`CSV ${file} line ${line} has ${r.length} fields, the header has ${header.length}`, {
          location: { file },
        });
      const data = new Float32Array(
        featureCols.map((c) => {
          const v = Number(r[c]);
          if (r[c] === '' || !Number.isFinite(v))
            throw new DataError(
              `CSV ${file} line ${line}, column \`${header[c]}\`: ${JSON.stringify(r[c])} is not a number`,
              { location: { file }, hint: 'list only numeric columns in params.features' },
            );
          return v;
        }),
      );
      const split = splitCol >= 0 ? r[splitCol] : undefined;
      if (split !== undefined && split !== 'train' && split !== 'test')
        throw new DataError(
          `CSV ${file} line ${line}: split column holds ${JSON.stringify(split)}, expected train or test`,
          { location: { file } },
        );
      return {
        id: `row${line}`,
        input: { data, shape: [data.length] },
        labels: { [p.label]: classes.indexOf(r[labelCol]!) },
        ...(split ? { officialSplit: split as 'train' | 'test' } : {}),
        ...(groupCol >= 0 ? { group: r[groupCol]! } : {}),
        source: `${file}:${line}`,
      };
    });
    const s = await stat(file);
    return {
      examples,
      labels: { [p.label]: { kind: 'class', names: classes } },
      skipped: [],
      fingerprint: contentKey({ file, size: s.size, mtime: s.mtimeMs, p }),
    };
  },
};

/** Parses CSV with quoted fields ("a, b" and "" escapes). */
function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      row.push(field.trim());
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field.trim());
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  row.push(field.trim());
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}
