/** Bounds on what user input is echoed in messages: a 50 MB stage id must not become 50 MB of stderr. */

/** The longest piece of user input a message quotes whole. */
export const MAX_ECHO = 200;

/** `s` itself when short, else its first characters and its size: `abc... (52428800 characters)`. */
export function clip(s: string, max = MAX_ECHO): string {
  return s.length <= max ? s : `${s.slice(0, max)}... (${s.length} characters)`;
}

/** A message with every run of more than `max` characters without a space or a backquote clipped. */
export function clipRuns(text: string, max = MAX_ECHO): string {
  if (text.length <= max) return text;
  // A scan, not a regular expression: a 50 MB run overflows the regular expression engine's stack.
  let out = '';
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 32;
    if (c === 32 || c === 10 || c === 9 || c === 96) {
      out += clip(text.slice(start, i), max) + (i < text.length ? text[i] : '');
      start = i + 1;
    }
  }
  return out;
}
