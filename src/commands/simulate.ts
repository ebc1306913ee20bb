import type { Command } from 'commander';
import type { Scope } from '../db/queries.js';
import type { EngineOptions } from '../simulate/engine.js';
import type { EmbeddingsFile } from '../simulate/embeddings-file.js';
import type { PreparedSimulation, ScenarioSources } from '../simulate/prepare.js';
import type { Scenario } from '../simulate/scenario.js';
import type { SimulateOptions } from '../simulate/simulate.js';
import type { ValidationContext } from '../simulate/validate.js';
import { UserError } from '../util/errors.js';
import type { Context } from './context.js';
import { collect, color, outputWidth, positiveInt, withContext, formatOption } from './kit.js';
import type { IngestFlags } from './ingest-files.js';
import { mediumOf, writeOut } from './output.js';

export interface SimulateCommandOptions extends ScenarioSources, IngestFlags {
  since?: string;
  until?: string;
  tz?: string;
  groupBy?: string;
  seed?: number;
  resamples?: number;
  embeddings?: string;
}

/** Registers `llmcost simulate` (issue 5); its code is imported only when it runs. */
export function register(program: Command): void {
  program
    .command('simulate')
    .description('replay the history under routing, caching, max_tokens caps and batch, and project the savings per month (nothing calls a model)')
    .argument('[files...]', 'usage files or directories to ingest and simulate on (default: the whole database)')
    .option('--scenario <file>', 'scenario file (YAML or JSON): routing, caps, caching, semanticCache, batch')
    .option('--routing <file>', "routing rules (YAML or JSON); replaces the scenario's routing")
    .option('--route <rule>', 'a routing rule, e.g. "feature=classify,max-input=4000,to=gpt-4o-mini" (repeatable)', collect)
    .option('--cascade <rule>', 'a cascade, e.g. "feature=support,first=gpt-4o-mini,then=gpt-4o,escalate=0.2" (repeatable)', collect)
    .option('--cap <rule>', 'a max_tokens cap, e.g. "feature=chat,max-tokens=800" (repeatable)', collect)
    .option('--cache <group>', 'a prompt-caching group, e.g. "feature=support,prefix=3000,ttl=auto" (repeatable)', collect)
    .option('--batch <rule>', 'traffic moved to batch pricing, e.g. "feature=nightly-report" or "tag=offline,share=0.5" (repeatable)', collect)
    .option('--semantic-cache [settings]', 'a semantic cache, e.g. "threshold=0.9,ttl=24h,capacity=10000" (needs stored prompt text or fingerprints)')
    .option(
      '--embeddings <file>',
      'the semantic cache compares these vectors by cosine instead of prompt words: JSON lines {"id": "<request id>", "embedding": [...]} made with your own model',
    )
    .option('--where <filter>', 'only these records, e.g. "model=gpt-4o|gpt-4.1,feature=chat" (repeatable; all must hold)', collect)
    .option('-s, --since <when>', 'first day to include: YYYY-MM-DD, or a span such as 7d, 30d, this-month (inclusive, in --tz)')
    .option('-u, --until <when>', "last day to include: YYYY-MM-DD, or a span's last day (yesterday, last-month)")
    .option('--tz <zone>', 'time zone for day boundaries (IANA name; default: config "timezone", else UTC)')
    .option('--group-by <key>', 'breakdown: feature, model, provider, project, user, api_key', 'feature')
    .option('--seed <n>', 'seed of the bootstrap over days (same seed, same range)', positiveInt('--seed'), 42)
    .option('--resamples <n>', 'bootstrap resamples', positiveInt('--resamples'), 1000)
    .addOption(formatOption('simulate'))
    .option('--interactive', 'on a terminal: toggle levers and adjust thresholds and escalation rates, and watch the projection change')
    .option('--input-format <name>', 'force the input format of the files instead of detecting it')
    .option('--strict', 'stop at the first bad line with exit code 2 and write nothing from that file')
    .option('--store-prompts', 'keep the prompt text beside its fingerprints (default: fingerprints only; README "Prompt fingerprints")')
    .option('--no-fingerprints', 'keep no prompt fingerprints either (default: fingerprints of prompts the sources carry)')
    .option('--source <name>', "label the files as one source: ids without a provider's shape are scoped to it (default: each file's absolute path)")
    .action(async (files: string[], opts, cmd: Command) => {
      const { assertNotSpecial } = await import('../util/regular-file.js');
      for (const [flag, file] of [
        ['--scenario', opts.scenario],
        ['--routing', opts.routing],
      ] as const)
        if (file) assertNotSpecial(file, `${flag} file`);
      const prepared = await withContext(
        cmd,
        async (ctx) => {
          const p = await simulateCommand(ctx, files, opts);
          return { ...p, doc: { database: ctx.dbPath, ...p.doc } };
        },
        { report: true },
      );
      if (opts.interactive) {
        if (process.stdout.isTTY && process.stdin.isTTY) {
          const { runSimulateView } = await import('../tui/simulate-run.js');
          await runSimulateView(prepared);
          return;
        }
        process.stderr.write('llmcost: --interactive needs a terminal; printing the report instead.\n');
      }
      const { renderSimulate } = await import('../report/simulate.js');
      const colors = await color(cmd);
      writeOut(renderSimulate(prepared.doc, opts.format, { color: colors, width: outputWidth() }), mediumOf(opts.format), { colors });
    });
}

/**
 * Ingests the given files (idempotently), reads the history in scope into memory and replays it under the
 * scenario. With no files, the whole database (narrowed by --since/--until/--where).
 */
export async function simulateCommand(ctx: Context, files: string[], opts: SimulateCommandOptions): Promise<PreparedSimulation> {
  const { assertTimeZone } = await import('../util/time.js');
  const { resolveModel } = await import('../catalog/catalog.js');
  const { buildScenario, GROUP_BY, loadHistory } = await import('../simulate/prepare.js');
  const { parseWhere } = await import('../simulate/inline.js');
  const { simulate } = await import('../simulate/simulate.js');
  const { timeScope } = await import('./time-scope.js');
  const { ingestFiles, ingestOptionsOf, reportSkipped } = await import('./ingest-files.js');
  const tz = assertTimeZone(opts.tz ?? ctx.timezone);
  if (opts.resamples !== undefined && opts.resamples < 1) throw new UserError('--resamples takes a whole number of 1 or more, e.g. --resamples 1000.');
  const groupBy = GROUP_BY[(opts.groupBy ?? 'feature').toLowerCase()];
  if (!groupBy) throw new UserError(`--group-by "${opts.groupBy}" is not a breakdown simulate offers: use ${Object.keys(GROUP_BY).slice(0, 6).join(', ')}.`);
  const catalog = ctx.catalog();
  const validation: ValidationContext = { knowsModel: (id) => resolveModel(catalog, id) !== undefined };
  const scenario = buildScenario(opts, validation);
  const embeddingsFile = await readScenarioEmbeddings(scenario, opts.embeddings);
  const where = parseWhere(opts.where ?? [], validation);
  const bounds = timeScope(opts.since, opts.until, tz);

  const ingested = files.length > 0 ? await ingestFiles(ctx, files, ingestOptionsOf(opts)) : [];
  reportSkipped(ingested);
  const sourceIds = files.length > 0 ? [...new Set(ingested.map((r) => r.sourceId).filter((id): id is number => id !== null))] : null;
  const scope: Scope = { sourceIds, ...bounds };

  const history = loadHistory(ctx.db(), scope, where, tz);
  if (history.n === 0) {
    const narrowed = [opts.since && `--since ${opts.since}`, opts.until && `--until ${opts.until}`, (opts.where ?? []).length > 0 && '--where'].filter(Boolean);
    throw new UserError(
      `No records to simulate${files.length > 0 ? ' in those files' : ' in the database'}${narrowed.length > 0 ? ` with ${narrowed.join(', ')}` : ''}: ingest usage first (llmcost ingest FILE) or widen the scope.`,
    );
  }

  const embeddings = embeddingsFile ? (await import('../simulate/embeddings-match.js')).matchEmbeddings(ctx.db(), history, embeddingsFile) : null;

  const engine: EngineOptions = { priceOf: (id) => resolveModel(catalog, id), resolveId: (id) => resolveModel(catalog, id)?.id, groupBy };
  const options: SimulateOptions = {
    engine,
    resamples: opts.resamples ?? 1000,
    seed: opts.seed ?? 42,
    alone: true,
    sweep: true,
    scope: { files: files.length > 0 ? ingested.map((r) => r.file) : null, since: opts.since ?? null, until: opts.until ?? null, tz, where: opts.where ?? [] },
    catalog: { snapshot: catalog.snapshot, layers: catalog.layers },
    embeddings,
  };
  return { doc: simulate(history, scenario, options), history, scenario, options };
}

/**
 * The semantic cache's embeddings file (--embeddings over the scenario's semanticCache.embeddings), read and
 * checked before any ingest, so that a bad line stops the run at once.
 */
async function readScenarioEmbeddings(scenario: Scenario, flag: string | undefined): Promise<EmbeddingsFile | null> {
  if (flag !== undefined) {
    if (!scenario.semanticCache)
      throw new UserError(
        '--embeddings needs a semantic cache to compare requests in: add --semantic-cache (e.g. --semantic-cache "threshold=0.9"), or a semanticCache section to the scenario file.',
      );
    const { resolve } = await import('node:path');
    scenario.semanticCache = { ...scenario.semanticCache, embeddings: resolve(flag) };
    scenario.sources.push(`--embeddings ${flag}`);
  }
  const path = scenario.semanticCache?.embeddings;
  return path ? (await import('../simulate/embeddings-file.js')).readEmbeddingsFile(path) : null;
}
