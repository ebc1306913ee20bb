import { HistorySpan } from '../usage/history-span.js';
import { S } from '../usage/scan-row.js';
import { fingerprintRows, prefixBlockTree, scanRecords, type Scope } from '../db/queries.js';
import type { DB } from '../db/open.js';
import { signatureFromBlob } from '../ingest/fingerprint.js';
import { UserError } from '../util/errors.js';
import { FileReadError, readText } from '../util/files.js';
import type { SimulationDocument } from './document.js';
import { History, type Attribute } from './history.js';
import { inlineScenario, type InlineLevers } from './inline.js';
import { compileMatch } from './match.js';
import { emptyScenario, LEVERS, leverEnabled, type MatchSpec, type Scenario } from './scenario.js';
import { parseRoutingText, parseScenarioText } from './scenario-file.js';
import type { SimulateOptions } from './simulate.js';
import type { ValidationContext } from './validate.js';

/** Where a scenario comes from: a scenario file, a routing file (which replaces its routing), lever flags. */
export interface ScenarioSources extends InlineLevers {
  scenario?: string;
  routing?: string;
}

/** What the report and the interactive view need: the document, and what to recompute it from. */
export interface PreparedSimulation {
  doc: SimulationDocument;
  history: History;
  scenario: Scenario;
  options: SimulateOptions;
}

/** The breakdowns simulate offers, by the names --group-by takes. */
export const GROUP_BY: Record<string, Attribute> = {
  model: 'model',
  provider: 'provider',
  feature: 'feature',
  project: 'project',
  user: 'user',
  api_key: 'apiKey',
  'api-key': 'apiKey',
  apikey: 'apiKey',
};

function readScenarioFile(path: string, flag: string): string {
  try {
    return readText(path, { what: flag });
  } catch (err) {
    if (err instanceof FileReadError && err.code === 'ENOENT')
      throw new UserError(`${flag} ${path}: no such file: check the path (examples are in fixtures/simulate/).`);
    throw err;
  }
}

/** The scenario from --scenario, --routing (which replaces the scenario's routing) and the lever flags. */
export function buildScenario(opts: ScenarioSources, ctx: ValidationContext): Scenario {
  const s = opts.scenario ? parseScenarioText(readScenarioFile(opts.scenario, '--scenario'), opts.scenario, ctx) : emptyScenario();
  if (opts.routing) {
    s.routing = parseRoutingText(readScenarioFile(opts.routing, '--routing'), opts.routing, ctx);
    s.sources.push(opts.routing);
  }
  const inline = inlineScenario(opts, ctx);
  s.sources.push(...inline.sources);
  s.routing = [...inline.routing, ...s.routing];
  s.caps = [...inline.caps, ...s.caps];
  s.batch = [...inline.batch, ...s.batch];
  if (inline.caching) s.caching = s.caching ? { ...s.caching, groups: [...inline.caching.groups, ...s.caching.groups] } : inline.caching;
  if (inline.semanticCache) s.semanticCache = inline.semanticCache;
  if (!LEVERS.some((l) => leverEnabled(s, l))) {
    throw new UserError(
      'Nothing to simulate: give --scenario FILE, --routing FILE, or a lever flag (--route, --cascade, --cap, --cache, --batch, --semantic-cache); examples are in fixtures/simulate/.',
    );
  }
  return s;
}

/** Reads the stored history in scope into memory (only the records `where` keeps), with their fingerprints. */
export function loadHistory(db: DB, scope: Scope, where: MatchSpec, tz: string): History {
  const history = new History(1 << 16);
  const keep = Object.keys(where).length > 0 ? compileMatch(where, history) : null;
  // The month is the history the scope observed, whatever --where then keeps of it.
  const span = new HistorySpan(tz);
  const rowOf = new Map<number, number>();
  for (const row of scanRecords(db, scope, { provider: true, serviceTier: true })) {
    span.add(row[S.ts], row[S.bucket] === 1);
    history.addScanRow(row);
    if (keep && !keep(history.n - 1, null)) history.dropLast();
    else rowOf.set(row[S.rid], history.n - 1);
  }
  attachFingerprints(db, history, rowOf);
  history.finish(tz, span);
  return history;
}

/** Gives the history's rows the prompt fingerprints stored for them (README "Prompt fingerprints"). */
function attachFingerprints(db: DB, history: History, rowOf: Map<number, number>): void {
  let any = false;
  for (const f of fingerprintRows(db)) {
    const i = rowOf.get(f.rid);
    if (i === undefined) continue;
    history.setFingerprint(i, f.promptHash, f.prefixBlock ?? -1, f.signature ? signatureFromBlob(f.signature) : null, f.responseHash);
    any = true;
  }
  if (any) history.prefixTree = prefixBlockTree(db);
}
