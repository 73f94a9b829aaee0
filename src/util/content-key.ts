import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so equal values always give the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v)) {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      );
    }
    return v;
  });
}

/** A content key: sha256 (hex) of the canonical JSON of everything a result depends on. */
export function contentKey(parts: unknown): string {
  return createHash('sha256').update(canonicalJson(parts)).digest('hex');
}
