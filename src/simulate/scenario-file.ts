import { dirname } from 'node:path';
import { UserError } from '../util/errors.js';
import { SourceDocument } from '../util/validation.js';
import { emptyScenario, type Scenario } from './scenario.js';
import { readBatch, readCaching, readCaps, readRouting, readSemanticCache, SCENARIO_KEYS, ScenarioReader, type ValidationContext } from './validate.js';

/** Parses YAML or JSON with its lines; an empty file is a mistake of its own. */
function parse(text: string, file: string): SourceDocument {
  const source = SourceDocument.parse(text, file);
  if (source.value === null || source.value === undefined) throw new UserError(`${file}: the file is empty: see fixtures/simulate/ for examples.`);
  return source;
}

/** A whole scenario file (`--scenario`): routing, caps, caching, semanticCache and batch sections. */
export function parseScenarioText(text: string, file: string, ctx: ValidationContext): Scenario {
  const source: SourceDocument = parse(text, file);
  const raw = source.value;
  const r = new ScenarioReader(ctx);
  const s = emptyScenario();
  s.sources.push(file);
  const o = r.object(raw, [], SCENARIO_KEYS, '{routing: {rules: [...]}, caps: [...], caching: {groups: [...]}, semanticCache: {...}, batch: [...]}');
  if (o) {
    if (o['name'] !== undefined) s.name = r.string(o['name'], ['name'], 'a name') ?? null;
    if (o['routing'] !== undefined) s.routing = readRouting(r, o['routing'], ['routing']) ?? [];
    if (o['caps'] !== undefined) s.caps = readCaps(r, o['caps'], ['caps']) ?? [];
    if (o['caching'] !== undefined) s.caching = readCaching(r, o['caching'], ['caching']) ?? null;
    if (o['semanticCache'] !== undefined) s.semanticCache = readSemanticCache(r, o['semanticCache'], ['semanticCache'], dirname(file)) ?? null;
    if (o['batch'] !== undefined) s.batch = readBatch(r, o['batch'], ['batch']) ?? [];
  }
  if (r.problems.length > 0) source.fail(r.problems);
  return s;
}

/** A routing file (`--routing`): a list of rules, or `{outputRatio, rules}`. */
export function parseRoutingText(text: string, file: string, ctx: ValidationContext): Scenario['routing'] {
  const source: SourceDocument = parse(text, file);
  const raw = source.value;
  const r = new ScenarioReader(ctx);
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw) && 'routing' in raw) {
    throw new UserError(
      `${file}: has a "routing" section, so it is a scenario file: pass it with --scenario ${file}, or keep only the rules in a --routing file.`,
    );
  }
  const rules = readRouting(r, raw, []);
  if (r.problems.length > 0 || !rules) source.fail(r.problems);
  return rules;
}
