/** A parsed XML element (enough of XML to check that generated SVG is well formed). */
export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

const ENTITY = /^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/;

/**
 * Parses XML strictly: matching tags, quoted unique attributes, only known entities, one root. Throws on anything
 * else.
 */
export function parseXml(source: string): XmlElement {
  const s = source.replace(/^<\?xml[^>]*\?>/, '').trim();
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let i = 0;
  const checkText = (t: string, at: number) => {
    for (let k = t.indexOf('&'); k >= 0; k = t.indexOf('&', k + 1))
      if (!ENTITY.test(t.slice(k))) throw new Error(`bad entity at ${at + k}: ${t.slice(k, k + 10)}`);
    if (t.includes('<') || t.includes('>')) throw new Error(`stray angle bracket at ${at}`);
  };
  while (i < s.length) {
    if (s[i] !== '<') {
      const end = s.indexOf('<', i);
      const t = s.slice(i, end < 0 ? s.length : end);
      checkText(t, i);
      if (!stack.length && t.trim()) throw new Error(`text outside the root at ${i}`);
      if (stack.length) stack.at(-1)!.text += t;
      i = end < 0 ? s.length : end;
      continue;
    }
    if (s.startsWith('<!--', i)) {
      i = s.indexOf('-->', i) + 3;
      continue;
    }
    const end = s.indexOf('>', i);
    if (end < 0) throw new Error(`unclosed tag at ${i}`);
    const tag = s.slice(i + 1, end);
    i = end + 1;
    if (tag.startsWith('/')) {
      const open = stack.pop();
      if (open?.name !== tag.slice(1).trim()) throw new Error(`</${tag.slice(1)}> closes <${open?.name}>`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const m = /^([A-Za-z_][\w:.-]*)([\s\S]*?)\/?$/.exec(tag);
    if (!m) throw new Error(`bad tag <${tag}>`);
    const attrs: Record<string, string> = {};
    const rest = m[2]!.replace(/\s+([\w:.-]+)="([^"]*)"/g, (_all, k: string, v: string) => {
      if (k in attrs) throw new Error(`duplicate attribute ${k} in <${m[1]}>`);
      checkText(v, i);
      attrs[k] = v;
      return '';
    });
    if (rest.trim()) throw new Error(`bad attributes in <${tag}>: ${rest}`);
    const el: XmlElement = { name: m[1]!, attrs, children: [], text: '' };
    if (stack.length) stack.at(-1)!.children.push(el);
    else if (root) throw new Error('two root elements');
    else root = el;
    if (!selfClosing) stack.push(el);
  }
  if (stack.length) throw new Error(`<${stack.at(-1)!.name}> is never closed`);
  if (!root) throw new Error('no root element');
  return root;
}

/** Every element of the tree, depth first. */
export function allElements(e: XmlElement): XmlElement[] {
  return [e, ...e.children.flatMap(allElements)];
}

/** All text of the tree, concatenated (entities left as written). */
export function allText(e: XmlElement): string[] {
  return allElements(e)
    .map((x) => x.text.trim())
    .filter(Boolean);
}
