/**
 * Glob patterns for prompt files, matched against whole '/'-separated paths: `*` (any characters but '/'),
 * `?` (one of them), `**` as a whole segment (any number of folders), `[abc]` / `[!abc]`, `{a,b}`.
 * Written here because Node 20 has no glob and llmcost adds no dependency for one.
 */

const SPECIAL = /[*?[{]/;

function escapeChar(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}

/** Index of the `}` closing the `{` at `open`, or -1. */
function closingBrace(p: string, open: number): number {
  let depth = 0;
  for (let i = open; i < p.length; i++) {
    if (p[i] === '{') depth++;
    else if (p[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** Splits a brace body at its top-level commas. */
function alternatives(body: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '{') depth++;
    else if (body[i] === '}') depth--;
    else if (body[i] === ',' && depth === 0) {
      out.push(body.slice(start, i));
      start = i + 1;
    }
  }
  out.push(body.slice(start));
  return out;
}

function translate(p: string): string {
  let re = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '*') {
      const segmentStart = i === 0 || p[i - 1] === '/';
      if (p[i + 1] === '*' && segmentStart && (i + 2 === p.length || p[i + 2] === '/')) {
        // "**/" matches zero or more whole folders; a trailing "**" matches everything below.
        if (i + 2 === p.length) re += '.*';
        else re += '(?:[^/]+/)*';
        i += 2;
      } else {
        while (p[i + 1] === '*') i++;
        re += '[^/]*';
      }
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = p.indexOf(']', i + 2);
      if (close === -1) re += '\\[';
      else {
        let body = p.slice(i + 1, close);
        const negate = body.startsWith('!') || body.startsWith('^');
        if (negate) body = body.slice(1);
        re += `[${negate ? '^/' : ''}${body.replace(/\\/g, '\\\\').replace(/\]/g, '\\]')}]`;
        i = close;
      }
    } else if (c === '{') {
      const close = closingBrace(p, i);
      if (close === -1) re += '\\{';
      else {
        re += `(?:${alternatives(p.slice(i + 1, close))
          .map(translate)
          .join('|')})`;
        i = close;
      }
    } else re += escapeChar(c);
  }
  return re;
}

export function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${translate(pattern)}$`);
}

/** The leading folders of a pattern that hold no wildcard: where a walk for its matches starts. */
export function staticBase(pattern: string): string {
  const segments = pattern.split('/');
  const fixed: string[] = [];
  for (const s of segments.slice(0, -1)) {
    if (SPECIAL.test(s)) break;
    fixed.push(s);
  }
  if (fixed.length === segments.length - 1 && !SPECIAL.test(segments.at(-1) ?? '')) return pattern;
  return fixed.join('/') || (pattern.startsWith('/') ? '/' : '.');
}
