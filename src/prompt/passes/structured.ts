import { isDeepStrictEqual } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { emitJson, jsonRegions, parseMaskedJson } from '../masked-json.js';
import { unmaskRaw, type Masked } from '../spans.js';

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * JSON minification: every JSON object or array that starts a line (or the text) and parses is written back
 * without whitespace; strings and numbers are protected spans and come back exactly as written. With
 * `tables` (opt-in), arrays of flat objects are also rewritten as {"columns":[…],"rows":[[…]]}. A region is
 * changed only if it still parses to the same value (or, for tables, to the same rows) afterwards.
 */
export function minifyJson(text: string, masked: Pick<Masked, 'spans'>, tables: boolean): string {
  let out = '';
  let at = 0;
  for (const r of jsonRegions(text)) {
    const region = text.slice(r.start, r.end);
    const before = parseJson(unmaskRaw(region, masked));
    const node = before.ok ? parseMaskedJson(region) : null;
    if (!node || !before.ok) continue;
    const compact = emitJson(node, tables);
    const after = parseJson(unmaskRaw(compact, masked));
    if (!after.ok || (!tables && !isDeepStrictEqual(after.value, before.value))) continue;
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
 * YAML minification, for a text that is one YAML document: comment lines and blank lines go, each indentation
 * level becomes one space, and the padding after "- " and "key:" shrinks to one space. Kept only if the result
 * parses to exactly the same data.
 */
export function minifyYaml(text: string, masked: Pick<Masked, 'spans'>): string {
  const raw = unmaskRaw(text, masked);
  if (!isYamlDocument(raw)) return text;
  const levels: number[] = [];
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || /^[ \t]*#/.test(line)) continue;
    const indent = /^[ ]*/.exec(line)![0].length;
    while (levels.length > 0 && levels[levels.length - 1]! > indent) levels.pop();
    if (levels.length === 0 || levels[levels.length - 1]! < indent) levels.push(indent);
    const body = line.slice(indent).replace(/^-[ \t]+/, '- ').replace(/^([^\s:][^:\n]*:)[ \t]{2,}/, '$1 ');
    lines.push(' '.repeat(levels.length - 1) + body);
  }
  const result = lines.join('\n') + (text.endsWith('\n') ? '\n' : '');
  try {
    return isDeepStrictEqual(parseYaml(unmaskRaw(result, masked)), parseYaml(raw)) ? result : text;
  } catch {
    return text;
  }
}
