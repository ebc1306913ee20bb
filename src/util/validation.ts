import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import { UserError } from './errors.js';
import { nearest } from './nearest.js';

/**
 * Reading a parsed YAML or JSON document (a config, budgets, a scenario, a catalog) against its expected
 * shape: problems are collected by key path, and told as `file:line: key.path what is wrong` with the line
 * the key sits on and, for a misspelt key, the one most likely meant.
 */

/** Where in the document a value sits: keys and list indexes from the root. */
export type KeyPath = (string | number)[];

export interface Problem {
  path: KeyPath;
  message: string;
}

/** `routing.rules[1].to` */
export function formatPath(path: KeyPath): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? p : `.${p}`;
  return s || '(top level)';
}

export type Obj = Record<string, unknown>;

export function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `did you mean "match"?` for a name close to a known one, else ''. */
export function didYouMean(name: string, allowed: readonly string[]): string {
  const near = nearest(name, allowed);
  return near ? `did you mean "${near}"?` : '';
}

/** The message for a key the shape does not have: `is not a known key (did you mean "x"?): use a, b`. */
export function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  const near = didYouMean(key, allowed);
  return `is not a known key${near ? ` (${near})` : ''}: use ${allowed.join(', ')}`;
}

/** Collects problems while reading a parsed document; every reader returns undefined on a bad value. */
export class Reader {
  readonly problems: Problem[] = [];

  fail(path: KeyPath, message: string): undefined {
    this.problems.push({ path, message });
    return undefined;
  }

  object(v: unknown, path: KeyPath, allowed: readonly string[], example: string): Obj | undefined {
    if (!isObject(v)) return this.fail(path, `must be a mapping of ${allowed.join(', ')}, e.g. ${example}`);
    for (const k of Object.keys(v)) {
      if (!allowed.includes(k)) this.fail([...path, k], unknownKeyMessage(k, allowed));
    }
    return v;
  }

  list(v: unknown, path: KeyPath, example: string): unknown[] | undefined {
    if (!Array.isArray(v)) return this.fail(path, `must be a list, e.g. ${example}`);
    return v;
  }

  string(v: unknown, path: KeyPath, what: string): string | undefined {
    if (typeof v !== 'string' || v.trim() === '') return this.fail(path, `must be ${what}`);
    return v.trim();
  }

  strings(v: unknown, path: KeyPath, what: string): string[] | undefined {
    const list = Array.isArray(v) ? v : [v];
    if (list.length === 0 || !list.every((s) => (typeof s === 'string' && s.trim() !== '') || typeof s === 'number'))
      return this.fail(path, `must be ${what} or a list of them`);
    return list.map((s) => String(s).trim());
  }

  number(v: unknown, path: KeyPath, min: number, max: number, what: string): number | undefined {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) return this.fail(path, `must be ${what}, not ${JSON.stringify(v)}`);
    return v;
  }

  wholeNumber(v: unknown, path: KeyPath, min: number, what: string): number | undefined {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) return this.fail(path, `must be ${what}, not ${JSON.stringify(v)}`);
    return v;
  }

  /** "5m", "1h", "24h", "90s", "2d", or a number of seconds; in milliseconds. */
  duration(v: unknown, path: KeyPath): number | undefined {
    if (typeof v === 'number' && Number.isFinite(v) && v > 0) return v * 1000;
    const m = typeof v === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)\s*$/.exec(v) : null;
    if (!m || Number(m[1]) <= 0) return this.fail(path, `must be a duration such as 5m, 1h or 24h, not ${JSON.stringify(v)}`);
    return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
  }
}

type Ranged = { range?: [number, number, number] };

/**
 * The yaml package, loaded on first use: it takes ~20 ms to load, and most runs (every command that finds no
 * config file, reads no scenario or budget, and gets no broken catalog) never parse YAML.
 */
let yamlModule: typeof Yaml | undefined;
export function yaml(): typeof Yaml {
  yamlModule ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return yamlModule;
}

/** A YAML or JSON document (JSON is read as YAML, which gives the same values and line numbers) with the line of every key. */
export class SourceDocument {
  private constructor(
    readonly file: string,
    private readonly doc: Yaml.Document,
    private readonly lines: Yaml.LineCounter,
    /** The document as plain values. */
    readonly value: unknown,
  ) {}

  /**
   * Parses the text; a syntax error is one UserError `file:line: not valid YAML or JSON: ...`. Duplicate keys
   * are errors, and aliases are expanded at most 100 times, so an alias bomb fails at once instead of growing.
   */
  static parse(text: string, file: string): SourceDocument {
    const { LineCounter, parseDocument } = yaml();
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const err = doc.errors[0];
    if (err) {
      const line = err.linePos?.[0]?.line ?? lines.linePos(err.pos[0]).line;
      throw new UserError(`${file}:${line}: not valid YAML or JSON: ${err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}.`);
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      throw new UserError(`${file}: cannot be read: ${(e as Error).message.split('\n')[0]}.`);
    }
    return new SourceDocument(file, doc, lines, value);
  }

  /** The line where the value at `path` (or, for a missing key, its nearest parent) starts; its key's line in a mapping. */
  lineOf(path: KeyPath): number {
    const { isMap, isScalar, isSeq } = yaml();
    let node: unknown = this.doc.contents;
    let offset = (this.doc.contents as Ranged | null)?.range?.[0] ?? 0;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
        if (!pair) break;
        const keyRange = (pair.key as Ranged).range;
        if (keyRange) offset = keyRange[0];
        node = pair.value;
      } else if (isSeq(node) && typeof key === 'number') {
        const item = node.items[key] as Ranged | undefined;
        if (!item) break;
        if (item.range) offset = item.range[0];
        node = item;
      } else break;
    }
    return this.lines.linePos(offset).line;
  }

  /** `file:line: key.path what is wrong` */
  describe(problem: Problem): string {
    return `${this.file}:${this.lineOf(problem.path)}: ${formatPath(problem.path)} ${problem.message}`;
  }

  /** Throws the first ten problems, one per line, as one UserError (exit 2). */
  fail(problems: Problem[]): never {
    const shown = problems.slice(0, 10).map((p) => `${this.describe(p)}.`);
    const more = problems.length > 10 ? [`… and ${problems.length - 10} more problems.`] : [];
    throw new UserError([...shown, ...more].join('\n  '));
  }
}
