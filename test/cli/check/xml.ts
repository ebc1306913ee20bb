/**
 * A small strict XML parser for the tests (no dependency, and xmllint is not on every CI machine): elements,
 * attributes, text, the five named entities and character references, one root, an optional declaration.
 * Anything malformed — an unclosed or mismatched tag, a raw "<" or "&" in text, a duplicate attribute,
 * a character XML forbids — throws.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** The control characters XML 1.0 does not allow. */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function decode(raw: string, where: number): string {
  if (FORBIDDEN.test(raw)) throw new Error(`character not allowed in XML near offset ${where}`);
  if (raw.includes('<')) throw new Error(`raw "<" near offset ${where}`);
  return raw.replace(/&([^;]*);|&/g, (_m, ref: string | undefined) => {
    if (ref === undefined) throw new Error(`raw "&" near offset ${where}`);
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number(ref.slice(1)));
    const e = ENTITIES[ref];
    if (e === undefined) throw new Error(`unknown entity &${ref}; near offset ${where}`);
    return e;
  });
}

export function parseXml(xml: string): XmlElement {
  let at = 0;
  const skipSpace = () => {
    while (at < xml.length && /\s/.test(xml[at]!)) at++;
  };
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end === -1) throw new Error('unterminated XML declaration');
    at = end + 2;
  }
  skipSpace();

  function element(): XmlElement {
    if (xml[at] !== '<') throw new Error(`expected "<" at offset ${at}`);
    at++;
    const name = NAME.exec(xml.slice(at))?.[0];
    if (!name) throw new Error(`bad tag name at offset ${at}`);
    at += name.length;
    const el: XmlElement = { name, attrs: {}, children: [], text: '' };
    for (;;) {
      skipSpace();
      if (xml.startsWith('/>', at)) {
        at += 2;
        return el;
      }
      if (xml[at] === '>') {
        at++;
        break;
      }
      const attr = NAME.exec(xml.slice(at))?.[0];
      if (!attr) throw new Error(`bad attribute at offset ${at}`);
      at += attr.length;
      if (xml[at] !== '=' || xml[at + 1] !== '"') throw new Error(`attribute ${attr} without a quoted value at offset ${at}`);
      const end = xml.indexOf('"', at + 2);
      if (end === -1) throw new Error(`unterminated attribute ${attr}`);
      if (attr in el.attrs) throw new Error(`duplicate attribute ${attr}`);
      el.attrs[attr] = decode(xml.slice(at + 2, end), at);
      at = end + 1;
    }
    for (;;) {
      const next = xml.indexOf('<', at);
      if (next === -1) throw new Error(`<${name}> is never closed`);
      el.text += decode(xml.slice(at, next), at);
      at = next;
      if (xml.startsWith('</', at)) {
        const close = `</${name}>`;
        if (!xml.startsWith(close, at)) throw new Error(`mismatched closing tag at offset ${at}: expected ${close}`);
        at += close.length;
        return el;
      }
      el.children.push(element());
    }
  }

  const root = element();
  skipSpace();
  if (at !== xml.length) throw new Error(`content after the root element at offset ${at}`);
  return root;
}
