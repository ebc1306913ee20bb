import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { UserError } from '../util/errors.js';
import { emptyScenario, type Scenario } from './scenario.js';
import { formatPath, Reader, readBatch, readCaching, readCaps, readRouting, readSemanticCache, SCENARIO_KEYS, type KeyPath, type Problem, type ValidationContext } from './validate.js';

/** The offset in the text where the value at `path` (or, for a missing key, its nearest parent) starts. */
function offsetOf(doc: Document, path: KeyPath): number {
  let node: unknown = doc.contents;
  let offset = (doc.contents as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
      if (!pair) break;
      const keyRange = (pair.key as { range?: [number, number, number] }).range;
      if (keyRange) offset = keyRange[0];
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as { range?: [number, number, number] } | undefined;
      if (!item) break;
      if (item.range) offset = item.range[0];
      node = item;
    } else break;
  }
  return offset;
}

function report(file: string, doc: Document, lines: LineCounter, problems: Problem[]): never {
  const shown = problems.slice(0, 10).map((p) => `${file}:${lines.linePos(offsetOf(doc, p.path)).line}: ${formatPath(p.path)} ${p.message}.`);
  const more = problems.length > 10 ? [`… and ${problems.length - 10} more problems.`] : [];
  throw new UserError([...shown, ...more].join('\n  '));
}

/** Parses YAML or JSON (JSON is read as YAML, which gives the same values and line numbers). */
function parse(text: string, file: string): { doc: Document; lines: LineCounter; raw: unknown } {
  const lines = new LineCounter();
  // The alias limit makes an alias bomb fail at once instead of growing.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) {
    const line = err.linePos?.[0]?.line ?? lines.linePos(err.pos[0]).line;
    throw new UserError(`${file}:${line}: not valid YAML or JSON: ${err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}.`);
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new UserError(`${file}: cannot be read: ${(e as Error).message.split('\n')[0]}.`);
  }
  if (raw === null || raw === undefined) throw new UserError(`${file}: the file is empty: see fixtures/simulate/ for examples.`);
  return { doc, lines, raw };
}

/** A whole scenario file (`--scenario`): routing, caps, caching, semanticCache and batch sections. */
export function parseScenarioText(text: string, file: string, ctx: ValidationContext): Scenario {
  const { doc, lines, raw } = parse(text, file);
  const r = new Reader(ctx);
  const s = emptyScenario();
  s.sources.push(file);
  const o = r.object(raw, [], SCENARIO_KEYS, '{routing: {rules: [...]}, caps: [...], caching: {groups: [...]}, semanticCache: {...}, batch: [...]}');
  if (o) {
    if (o['name'] !== undefined) s.name = r.string(o['name'], ['name'], 'a name') ?? null;
    if (o['routing'] !== undefined) s.routing = readRouting(r, o['routing'], ['routing']) ?? [];
    if (o['caps'] !== undefined) s.caps = readCaps(r, o['caps'], ['caps']) ?? [];
    if (o['caching'] !== undefined) s.caching = readCaching(r, o['caching'], ['caching']) ?? null;
    if (o['semanticCache'] !== undefined) s.semanticCache = readSemanticCache(r, o['semanticCache'], ['semanticCache']) ?? null;
    if (o['batch'] !== undefined) s.batch = readBatch(r, o['batch'], ['batch']) ?? [];
  }
  if (r.problems.length > 0) report(file, doc, lines, r.problems);
  return s;
}

/** A routing file (`--routing`): a list of rules, or `{outputRatio, rules}`. */
export function parseRoutingText(text: string, file: string, ctx: ValidationContext): Scenario['routing'] {
  const { doc, lines, raw } = parse(text, file);
  const r = new Reader(ctx);
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw) && 'routing' in raw) {
    throw new UserError(`${file}: has a "routing" section, so it is a scenario file: pass it with --scenario ${file}, or keep only the rules in a --routing file.`);
  }
  const rules = readRouting(r, raw, []);
  if (r.problems.length > 0 || !rules) report(file, doc, lines, r.problems);
  return rules;
}
