/**
 * JSON inside masked text, where every string and number is a sentinel: what is left to read is brackets,
 * commas, colons, true/false/null and whitespace. Used to minify JSON without re-serializing its values (a
 * string or number is written back exactly as the input had it) and to rewrite arrays of flat objects.
 */

export type JsonNode = { kind: 'object'; entries: [key: string, value: JsonNode][] } | { kind: 'array'; items: JsonNode[] } | { kind: 'scalar'; raw: string };

const TOKEN = /\s*([\uE000\uE002][^\uE001]*\uE001|true|false|null|[{}[\],:])/y;

/** Parses a masked JSON value; null when the text is not one (the caller then leaves it alone). */
export function parseMaskedJson(text: string): JsonNode | null {
  const tokens: string[] = [];
  let pos = 0;
  for (;;) {
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(text);
    if (!m) break;
    tokens.push(m[1]!);
    pos = TOKEN.lastIndex;
  }
  if (tokens.length === 0 || text.slice(pos).trim() !== '') return null;
  let i = 0;
  const value = (): JsonNode | null => {
    const t = tokens[i++];
    if (t === undefined) return null;
    if (t === '{') {
      const entries: [string, JsonNode][] = [];
      if (tokens[i] === '}') {
        i++;
        return { kind: 'object', entries };
      }
      for (;;) {
        const key = tokens[i++];
        if (key === undefined || !key.startsWith('\uE000') || tokens[i++] !== ':') return null;
        const v = value();
        if (!v) return null;
        entries.push([key, v]);
        const sep = tokens[i++];
        if (sep === '}') return { kind: 'object', entries };
        if (sep !== ',') return null;
      }
    }
    if (t === '[') {
      const items: JsonNode[] = [];
      if (tokens[i] === ']') {
        i++;
        return { kind: 'array', items };
      }
      for (;;) {
        const v = value();
        if (!v) return null;
        items.push(v);
        const sep = tokens[i++];
        if (sep === ']') return { kind: 'array', items };
        if (sep !== ',') return null;
      }
    }
    if (t === '}' || t === ']' || t === ',' || t === ':') return null;
    return { kind: 'scalar', raw: t };
  };
  const root = value();
  return root && i === tokens.length ? root : null;
}

/** True for an array of at least two objects with the same keys in the same order and only scalar values. */
function isTable(node: JsonNode): node is { kind: 'array'; items: { kind: 'object'; entries: [string, { kind: 'scalar'; raw: string }][] }[] } {
  if (node.kind !== 'array' || node.items.length < 2) return false;
  const first = node.items[0]!;
  if (first.kind !== 'object' || first.entries.length === 0) return false;
  const keys = first.entries.map(([k]) => k).join('\u0000');
  return node.items.every(
    (it) => it.kind === 'object' && it.entries.every(([, v]) => v.kind === 'scalar') && it.entries.map(([k]) => k).join('\u0000') === keys,
  );
}

/**
 * Writes a node back with no whitespace. With `tables`, an array of flat objects becomes
 * {"columns":[keys…],"rows":[[values…],…]}: each key is written once instead of once per row.
 */
export function emitJson(node: JsonNode, tables: boolean): string {
  if (node.kind === 'scalar') return node.raw;
  if (tables && isTable(node)) {
    const columns = node.items[0]!.entries.map(([k]) => k).join(',');
    const rows = node.items.map((it) => `[${it.entries.map(([, v]) => v.raw).join(',')}]`).join(',');
    return `{"columns":[${columns}],"rows":[${rows}]}`;
  }
  if (node.kind === 'array') return `[${node.items.map((n) => emitJson(n, tables)).join(',')}]`;
  return `{${node.entries.map(([k, v]) => `${k}:${emitJson(v, tables)}`).join(',')}}`;
}

/**
 * Spans of JSON values that start a line (or the text), or follow a label at the start of one ("Output: {…}"):
 * from an opening bracket to its matching close.
 */
export function jsonRegions(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const starts = /(?:^|\n)[ \t]*(?:[\p{L}][\p{L}\p{N} _-]{0,40}:[ \t]*)?([{[])/gu;
  let m: RegExpExecArray | null;
  while ((m = starts.exec(text)) !== null) {
    const start = m.index + m[0].length - 1;
    let depth = 0;
    let end = -1;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) {
          end = i + 1;
          break;
        }
      }
    }
    if (end < 0) continue;
    out.push({ start, end });
    starts.lastIndex = end;
  }
  return out;
}
