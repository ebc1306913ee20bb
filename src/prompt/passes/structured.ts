import { isDeepStrictEqual } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { emitJson, jsonRegions, parseMaskedJson, type JsonNode } from '../masked-json.js';
import { SENTINEL_SOURCE, spanOf, unmaskRaw, type Masked } from '../spans.js';

const SENTINEL = new RegExp(SENTINEL_SOURCE);

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * A JSON template: JSON whose values may be placeholders (`"edd_required": <true or false>`,
 * `"items": [{{items}}]`). Every key must be a quoted string and every value a quoted string, a number, a
 * placeholder or a literal; only then is the whitespace between them known to mean nothing.
 */
function isTemplate(node: JsonNode, masked: Pick<Masked, 'spans'>): boolean {
  const scalar = (raw: string) => {
    if (raw === 'true' || raw === 'false' || raw === 'null') return true;
    const t = spanOf(raw, masked);
    return /^".*"$/s.test(t) || /^-?\d/.test(t) || /^(?:<[^<>]+>|\{\{.*\}\}|\{[\w.]+\}|\$\{.*\})$/s.test(t);
  };
  if (node.kind === 'scalar') return scalar(node.raw);
  if (node.kind === 'array') return node.items.every((n) => isTemplate(n, masked));
  return node.entries.every(([k, v]) => /^".*"$/s.test(spanOf(k, masked)) && isTemplate(v, masked));
}

/**
 * JSON minification: every JSON object or array that starts a line (or the text) and parses is written back
 * without whitespace; strings and numbers are protected spans and come back exactly as written. A JSON
 * template with placeholders for values (it does not parse as JSON until filled in) is written back the same
 * way when its structure reads as JSON. With `tables` (opt-in), arrays of flat objects are also rewritten as
 * {"columns":[…],"rows":[[…]]}. A region that parses is changed only if it still parses to the same value (or,
 * for tables, to the same rows) afterwards.
 */
export function minifyJson(text: string, masked: Pick<Masked, 'spans'>, tables: boolean): string {
  let out = '';
  let at = 0;
  for (const r of jsonRegions(text)) {
    const region = text.slice(r.start, r.end);
    const node = parseMaskedJson(region);
    if (!node) continue;
    const before = parseJson(unmaskRaw(region, masked));
    if (!before.ok && (tables || !isTemplate(node, masked))) continue;
    const compact = emitJson(node, tables);
    if (before.ok) {
      const after = parseJson(unmaskRaw(compact, masked));
      if (!after.ok || (!tables && !isDeepStrictEqual(after.value, before.value))) continue;
    }
    out += text.slice(at, r.start) + compact;
    at = r.end;
  }
  return out + text.slice(at);
}

const YAML_LINE = /^[ \t]*(?:-(?:[ \t]|$)|[^\s#:][^:\n]*:(?:[ \t]|$)|#)/;

/** True when the whole text is a YAML mapping or sequence (not JSON, and not prose with a colon or two). */
export function isYamlDocument(raw: string): boolean {
  const lines = raw.split('\n').filter((l) => l.trim() !== '' && l.trim() !== '---');
  if (lines.length < 3 || /^\s*[{[]/.test(raw)) return false;
  const yamlish = lines.filter((l) => YAML_LINE.test(l) || /^[ \t]+\S/.test(l)).length;
  if (yamlish / lines.length < 0.9) return false;
  try {
    const v: unknown = parseYaml(raw);
    return typeof v === 'object' && v !== null;
  } catch {
    return false;
  }
}

/**
 * YAML minification, for a text that is one YAML document: comments (whole lines and the end of lines) without
 * a protected span in them and blank lines go, each indentation level becomes one space, and the padding after "- " and "key:" shrinks to
 * one space. A sequence item's own lines follow its content ("-   name: x" / "    url: y" → "- name: x" /
 * "  url: y"), and a block scalar (| or >) keeps its lines, blank and "#" ones included, with their relative
 * indentation. Kept only if the result parses to exactly the same data.
 */
export function minifyYaml(text: string, masked: Pick<Masked, 'spans'>): string {
  const raw = unmaskRaw(text, masked);
  if (!isYamlDocument(raw)) return text;
  // Original column → new column, innermost last.
  const frames: { from: number; to: number }[] = [{ from: 0, to: 0 }];
  let scalar: { parent: number; from: number; to: number } | null = null;
  let opensScalar = false;
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    const indent = /^[ ]*/.exec(line)![0].length;
    if (scalar !== null || opensScalar) {
      if (line.trim() === '') {
        lines.push('');
        continue;
      }
      if (scalar === null) scalar = { parent: frames[frames.length - 1]!.to, from: indent, to: frames[frames.length - 1]!.to + 1 };
      if (indent >= scalar.from && indent > 0) {
        lines.push(' '.repeat(scalar.to + indent - scalar.from) + line.slice(indent));
        opensScalar = false;
        continue;
      }
      scalar = null;
      opensScalar = false;
      // Blank lines that ended the block belong to no one.
      while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    }
    // A comment goes unless it holds a protected span (a path, an address, a URL…).
    const comment = (c: string) => !SENTINEL.test(c);
    if (line.trim() === '' || (/^[ \t]*#/.test(line) && comment(line))) continue;
    while (frames.length > 1 && frames[frames.length - 1]!.from > indent) frames.pop();
    const top = frames[frames.length - 1]!;
    let to = top.to;
    if (indent > top.from) {
      to = top.to + 1;
      frames.push({ from: indent, to });
    }
    let body = /^[ \t]*#/.test(line) ? line.slice(indent) : line.slice(indent).replace(/[ \t]+#.*$/, (c) => (comment(c) ? '' : c));
    let out = '';
    // Sequence items: "-   x" becomes "- x", and the item's content column moves with it.
    let column = indent;
    let newColumn = to;
    for (let m = /^-([ \t]+)(?=\S)/.exec(body); m !== null; m = /^-([ \t]+)(?=\S)/.exec(body)) {
      column += 1 + m[1]!.length;
      newColumn += 2;
      out += '- ';
      body = body.slice(m[0].length);
      frames.push({ from: column, to: newColumn });
    }
    body = body.replace(/^([^\s:][^:\n]*:)[ \t]{2,}/, '$1 ');
    opensScalar = /:[ \t]*[|>][+-]?\d*[ \t]*$|^[|>][+-]?\d*[ \t]*$/.test(body);
    lines.push(' '.repeat(to) + out + body);
  }
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const result = lines.join('\n') + (text.endsWith('\n') ? '\n' : '');
  try {
    return isDeepStrictEqual(parseYaml(unmaskRaw(result, masked)), parseYaml(raw)) ? result : text;
  } catch {
    return text;
  }
}
