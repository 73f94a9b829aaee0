import { MAX_DEPTH } from './check-document.js';

/**
 * Finds where JSON text goes wrong and why, for messages with a line and column (V8's own message
 * for many mistakes carries no position). Only called after JSON.parse has failed. Nesting deeper than
 * a spec may have (MAX_DEPTH) is reported where it starts, so deep input never overflows the stack.
 */
export function locateJsonError(text: string): { pos: number; message: string } {
  let i = 0;
  let depth = 0;
  const enter = () => {
    if (++depth > MAX_DEPTH) fail(`the document nests objects and arrays more than ${MAX_DEPTH} levels deep here`);
    i++;
  };
  const leave = () => {
    depth--;
    i++;
  };
  const fail = (message: string): never => {
    throw { pos: i, message };
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const describe = () => (i >= text.length ? 'the end of the file' : `\`${text[i]}\``);
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c !== undefined && /[-0-9]/.test(c)) return number();
    for (const lit of ['true', 'false', 'null']) if (text.startsWith(lit, i)) return void (i += lit.length);
    fail(`expected a value but found ${describe()}`);
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text[i] === '\n') fail('unterminated string');
      i++;
    }
    if (i >= text.length) fail('unterminated string');
    i++;
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) fail('malformed number');
    i += m![0].length;
  };
  const array = () => {
    enter();
    ws();
    if (text[i] === ']') return leave();
    for (;;) {
      value();
      ws();
      if (text[i] === ',') {
        i++;
        ws();
        if (text[i] === ']') fail('trailing comma before `]`');
        continue;
      }
      if (text[i] === ']') return leave();
      fail(`expected \`,\` or \`]\` but found ${describe()}`);
    }
  };
  const object = () => {
    enter();
    ws();
    if (text[i] === '}') return leave();
    for (;;) {
      ws();
      if (text[i] !== '"') fail(`expected a property name in double quotes but found ${describe()}`);
      string();
      ws();
      if (text[i] !== ':') fail(`expected \`:\` after the property name but found ${describe()}`);
      i++;
      value();
      ws();
      if (text[i] === ',') {
        i++;
        ws();
        if (text[i] === '}') fail('trailing comma before `}`');
        continue;
      }
      if (text[i] === '}') return leave();
      fail(`expected \`,\` or \`}\` but found ${describe()}`);
    }
  };
  try {
    value();
    ws();
    if (i < text.length) fail(`unexpected ${describe()} after the end of the document`);
  } catch (e) {
    if (e && typeof e === 'object' && 'pos' in e) return e as { pos: number; message: string };
    throw e;
  }
  return { pos: text.length, message: 'invalid JSON' };
}
