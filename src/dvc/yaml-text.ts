/** A value YAML can hold here: scalars, lists and maps of them. */
export type YamlValue = string | number | boolean | null | readonly YamlValue[] | { readonly [k: string]: YamlValue };

/**
 * A small YAML 1.2 writer for the files DVC reads (dvc.yaml): block maps and lists, every string quoted as
 * JSON (a valid YAML double-quoted scalar) unless plainly a name, so that no name can change the structure.
 */
export function yamlText(value: YamlValue, comment?: string): string {
  const head = comment ? comment.split('\n').map((l) => `# ${l}\n`) : [];
  return head.join('') + block(value, 0).join('\n') + '\n';
}

/** Words YAML reads as something other than a string. */
const RESERVED = /^(true|false|null|yes|no|on|off|y|n|~)$/i;

/** A string as it is when it cannot be read as anything else (`metrics.json`, `plots/metrics`), else quoted. */
function str(s: string): string {
  return /^[A-Za-z_][A-Za-z0-9_./-]*$/.test(s) && !RESERVED.test(s) ? s : JSON.stringify(s);
}

function scalar(v: string | number | boolean | null): string {
  if (typeof v === 'string') return str(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : v > 0 ? '.inf' : v < 0 ? '-.inf' : '.nan';
  return JSON.stringify(v);
}

function isScalar(v: YamlValue): v is string | number | boolean | null {
  return v === null || typeof v !== 'object';
}

function empty(v: YamlValue): string {
  return Array.isArray(v) ? '[]' : '{}';
}

function block(v: YamlValue, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (isScalar(v)) return [pad + scalar(v)];
  if (Array.isArray(v)) {
    return (v as readonly YamlValue[]).flatMap((item) => {
      if (isScalar(item) || !Object.keys(item).length)
        return [`${pad}- ${isScalar(item) ? scalar(item) : empty(item)}`];
      const [first, ...rest] = block(item, indent + 2);
      return [`${pad}- ${first!.trimStart()}`, ...rest];
    });
  }
  return Object.entries(v as Record<string, YamlValue>).flatMap(([k, item]) => {
    if (isScalar(item)) return [`${pad}${str(k)}: ${scalar(item)}`];
    if (!Object.keys(item).length) return [`${pad}${str(k)}: ${empty(item)}`];
    return [`${pad}${str(k)}:`, ...block(item, indent + 2)];
  });
}
