import { readFileSync } from 'node:fs';
import { HistorySpan } from '../usage/history-span.js';
import { S } from '../usage/scan-row.js';
import { resolveModel } from '../catalog/catalog.js';
import { timeScope } from '../cli/commands/audit.js';
import { ingestCommand, reportSkipped } from '../cli/commands/ingest.js';
import type { Context } from '../cli/context.js';
import { fingerprintRows, prefixBlockTree, scanRecords, type Scope } from '../db/queries.js';
import type { DB } from '../db/open.js';
import { signatureFromBlob } from '../ingest/fingerprint.js';
import { UserError } from '../util/errors.js';
import { assertTimeZone } from '../util/time.js';
import type { SimulationDocument } from './document.js';
import type { EngineOptions } from './engine.js';
import { History, type Attribute } from './history.js';
import { inlineScenario, parseWhere, type InlineLevers } from './inline.js';
import { compileMatch } from './match.js';
import { emptyScenario, LEVERS, leverEnabled, type Scenario } from './scenario.js';
import { parseRoutingText, parseScenarioText } from './scenario-file.js';
import { simulate, type SimulateOptions } from './simulate.js';
import type { ValidationContext } from './validate.js';

export interface SimulateCommandOptions extends InlineLevers {
  scenario?: string;
  routing?: string;
  since?: string;
  until?: string;
  tz?: string;
  groupBy?: string;
  seed?: number;
  resamples?: number;
  inputFormat?: string;
  strict?: boolean;
  source?: string;
  storePrompts?: boolean;
  fingerprints?: boolean;
}

/** What the report and the interactive view need: the document, and what to recompute it from. */
export interface PreparedSimulation {
  doc: SimulationDocument;
  history: History;
  scenario: Scenario;
  options: SimulateOptions;
}

const GROUP_BY: Record<string, Attribute> = { model: 'model', provider: 'provider', feature: 'feature', project: 'project', user: 'user', api_key: 'apiKey', 'api-key': 'apiKey', apikey: 'apiKey' };

function readText(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `${flag} ${path}: no such file: check the path (examples are in fixtures/simulate/).` : `${flag} ${path}: cannot be read (${code ?? (err as Error).message}).`);
  }
}

/** The scenario from --scenario, --routing (which replaces the scenario's routing) and the lever flags. */
export function buildScenario(opts: SimulateCommandOptions, ctx: ValidationContext): Scenario {
  const s = opts.scenario ? parseScenarioText(readText(opts.scenario, '--scenario'), opts.scenario, ctx) : emptyScenario();
  if (opts.routing) {
    s.routing = parseRoutingText(readText(opts.routing, '--routing'), opts.routing, ctx);
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
    throw new UserError('Nothing to simulate: give --scenario FILE, --routing FILE, or a lever flag (--route, --cascade, --cap, --cache, --batch, --semantic-cache); examples are in fixtures/simulate/.');
  }
  return s;
}

/**
 * Ingests the given files (idempotently), reads the history in scope into memory and replays it under the
 * scenario. With no files, the whole database (narrowed by --since/--until/--where).
 */
export async function simulateCommand(ctx: Context, files: string[], opts: SimulateCommandOptions): Promise<PreparedSimulation> {
  const tz = assertTimeZone(opts.tz ?? ctx.timezone);
  if (opts.resamples !== undefined && opts.resamples < 1) throw new UserError('--resamples takes a whole number of 1 or more, e.g. --resamples 1000.');
  const groupBy = GROUP_BY[(opts.groupBy ?? 'feature').toLowerCase()];
  if (!groupBy) throw new UserError(`--group-by "${opts.groupBy}" is not a breakdown simulate offers: use ${Object.keys(GROUP_BY).slice(0, 6).join(', ')}.`);
  const catalog = ctx.catalog();
  const validation: ValidationContext = { knowsModel: (id) => resolveModel(catalog, id) !== undefined };
  const scenario = buildScenario(opts, validation);
  const where = parseWhere(opts.where ?? [], validation);
  const bounds = timeScope(opts.since, opts.until, tz);

  const ingested = files.length > 0 ? await ingestCommand(ctx, files, { ...(opts.inputFormat ? { format: opts.inputFormat } : {}), ...(opts.strict ? { strict: true } : {}), ...(opts.source !== undefined ? { source: opts.source } : {}), ...(opts.storePrompts ? { storePrompts: true } : {}), ...(opts.fingerprints === false ? { fingerprints: false } : {}) }) : [];
  reportSkipped(ingested);
  const sourceIds = files.length > 0 ? [...new Set(ingested.map((r) => r.sourceId).filter((id): id is number => id !== null))] : null;
  const scope: Scope = { sourceIds, ...bounds };

  const history = new History(1 << 16);
  const keep = Object.keys(where).length > 0 ? compileMatch(where, history) : null;
  // The month is the history the scope observed, whatever --where then keeps of it.
  const span = new HistorySpan(tz);
  const rowOf = new Map<number, number>();
  for (const row of scanRecords(ctx.db(), scope, { provider: true, serviceTier: true })) {
    span.add(row[S.ts], row[S.bucket] === 1);
    history.addScanRow(row);
    if (keep && !keep(history.n - 1, null)) history.dropLast();
    else rowOf.set(row[S.rid], history.n - 1);
  }
  attachFingerprints(ctx.db(), history, rowOf);
  history.finish(tz, span);
  if (history.n === 0) {
    const narrowed = [opts.since && `--since ${opts.since}`, opts.until && `--until ${opts.until}`, (opts.where ?? []).length > 0 && '--where'].filter(Boolean);
    throw new UserError(`No records to simulate${files.length > 0 ? ' in those files' : ' in the database'}${narrowed.length > 0 ? ` with ${narrowed.join(', ')}` : ''}: ingest usage first (llmcost ingest FILE) or widen the scope.`);
  }

  const engine: EngineOptions = { priceOf: (id) => resolveModel(catalog, id), resolveId: (id) => resolveModel(catalog, id)?.id, groupBy };
  const options: SimulateOptions = {
    engine,
    resamples: opts.resamples ?? 1000,
    seed: opts.seed ?? 42,
    alone: true,
    sweep: true,
    scope: { files: files.length > 0 ? ingested.map((r) => r.file) : null, since: opts.since ?? null, until: opts.until ?? null, tz, where: opts.where ?? [] },
    catalog: { snapshot: catalog.snapshot, layers: catalog.layers },
  };
  return { doc: simulate(history, scenario, options), history, scenario, options };
}

/** Gives the history's rows the prompt fingerprints stored for them (README "Prompt fingerprints"). */
function attachFingerprints(db: DB, history: History, rowOf: Map<number, number>): void {
  let any = false;
  for (const f of fingerprintRows(db)) {
    const i = rowOf.get(f.rid);
    if (i === undefined) continue;
    history.setFingerprint(i, f.promptHash, f.prefixBlock ?? -1, f.signature ? signatureFromBlob(f.signature) : null);
    any = true;
  }
  if (any) history.prefixTree = prefixBlockTree(db);
}
