import { SpecError } from '../errors/pipeline-error.js';
import { locateJsonError } from './locate-json-error.js';

/** Parses JSON text (a leading byte-order mark is skipped); a syntax error becomes a SpecError with line and column. */
export function parseJson(withBom: string, file: string): unknown {
  // Some Windows editors start UTF-8 files with a byte-order mark; it is not part of the JSON.
  const text = withBom.charCodeAt(0) === 0xfeff ? withBom.slice(1) : withBom;
  try {
    return JSON.parse(text);
  } catch {
    const { pos, message: what } = locateJsonError(text);
    const { line, column } = lineColumn(text, pos);
    throw new SpecError(
      [
        {
          code: 'invalid-json',
          file,
          message: `invalid JSON at line ${line}, column ${column}: ${what}`,
          hint: hintFor(text, pos),
        },
      ],
      file,
    );
  }
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < Math.min(pos, text.length); i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: pos - lineStart + 1 };
}

function hintFor(text: string, pos: number): string {
  const before = text.slice(0, pos).trimEnd();
  if (before.endsWith(',') && /^\s*[\]}]/.test(text.slice(pos))) return 'remove the trailing comma (JSON allows none)';
  if (/\/\/|\/\*/.test(text)) return 'JSON has no comments; remove them';
  if (pos >= text.length) return 'the file ends early: check for a missing closing bracket or brace';
  return 'check for a missing comma, quote or bracket just before this point';
}
