import { Command, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { collect, color, positiveInt, withContext } from './kit.js';
import { guardOutput, mediumOf, writeOut } from './output.js';
import { configHelpLine } from '../config/search.js';
import { termText } from '../report/escape.js';
import { registerAgentCommands } from './register-agents.js';
import { applyFlagLanguage } from './flag-language.js';
import { registerCheckCommand } from './register-check.js';
import { registerCompletionCommand } from './register-completion.js';
import { registerDbCommand } from './register-db.js';
import { registerExportCommand } from './register-export.js';
import { registerPromptCommands } from './register-prompt.js';
import { registerSimulateCommand } from './register-simulate.js';

/** Only what --version and --help need is loaded here; each command's code is imported when it runs. */
function version(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** Every adapter's name, written out so that --help does not load the adapters (a test keeps it in step). */
export const INPUT_FORMATS =
  'openai, anthropic, api-log, openai-batch, openai-usage, openai-costs, openai-usage-csv, azure-cost, anthropic-usage, anthropic-cost, claude-code, codex, openrouter, openrouter-csv, gemini, bedrock, bedrock-converse, litellm-spend, litellm-spend-csv, langfuse, helicone, generic-jsonl, generic-csv';
const OUTPUT_FORMATS = ['table', 'json', 'csv', 'markdown'];

export function buildProgram(): Command {
  const program = new Command('llmcost')
    .description('Offline LLM API cost audit: ingest usage logs into a local SQLite history and price every request exactly.')
    .version(version(), '-V, --version')
    .option('--db <path>', 'usage database (default: $LLMCOST_DB, config "db", else $XDG_DATA_HOME/llmcost/usage.db); ":memory:" for a throwaway run')
    .option('--config <file>', 'config file (default: llmcost.config.*, .llmcostrc* or package.json#llmcost, searched from the current folder up to the repository root, package root or home folder; the one found is named below)')
    .option('--catalog <file>', 'price catalog layered over the bundled one: a LiteLLM model_prices_and_context_window.json or an llmcost catalog (repeatable)', collect)
    .option('--no-bundled-catalog', 'price with the --catalog files (and config prices) only')
    .option('--no-color', 'no colors in tables (also: NO_COLOR=1)')
    .option('--no-js-config', 'never run a JavaScript config file (llmcost.config.js/.mjs/.ts): JSON and YAML only (also LLMCOST_NO_JS_CONFIG=1)')
    .option('--debug', 'print stack traces of errors')
    .showHelpAfterError('(run with --help for usage)')
    // Which config commands run here would load (and run, when it is JavaScript), found without loading it.
    .addHelpText('afterAll', () => `\n${termText(configHelpLine(process.cwd(), !process.argv.includes('--no-js-config') && process.env['LLMCOST_NO_JS_CONFIG'] !== '1'))}`)
    .configureHelp({ sortSubcommands: false })
    // Set before the subcommands are added so that they inherit it: main() maps every parse error to exit 2.
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(guardOutput(s, 'text')) });

  program
    .command('audit')
    .description('ingest the given files (idempotent) and report where the money goes; with no files, report on the whole database')
    .argument('[files...]', 'usage files or directories to ingest and report on (gzipped too); "-" reads standard input')
    .option('-s, --since <when>', 'first day to include: YYYY-MM-DD, or a span such as 7d, 30d, this-month (inclusive, in --tz)')
    .option('-u, --until <when>', 'last day to include: YYYY-MM-DD, or a span\'s last day (yesterday, last-month)')
    .option('--tz <zone>', 'time zone for day boundaries (IANA name; default: config "timezone", else UTC)')
    .option('--group-by <key>', 'breakdown: model, provider, day, week, month, project, user, feature, tag, api_key', 'model')
    .addOption(new Option('--format <format>', 'output format').choices(OUTPUT_FORMATS).default('table'))
    .option('--input-format <name>', `force the input format instead of detecting it (${INPUT_FORMATS})`)
    .option('--top <n>', 'how many costliest requests to list', positiveInt('--top'), 10)
    .option('--strict', 'stop at the first bad line with exit code 2 and write nothing from that file')
    .option('--store-prompts', 'keep the prompt text beside its fingerprints (default: fingerprints only; README "Prompt fingerprints")')
    .option('--no-fingerprints', 'keep no prompt fingerprints either (default: fingerprints of prompts the sources carry)')
    .option('--source <name>', 'label the files as one source: ids without a provider\'s shape are scoped to it (default: each file\'s absolute path)')
    .option('--html <file>', 'also write the report as one self-contained HTML file with charts')
    .action(async (files: string[], opts, cmd: Command) => {
      const { auditCommand } = await import('./commands/audit.js');
      const doc = await withContext(cmd, async (ctx) => ({ database: ctx.dbPath, ...(await auditCommand(ctx, files, opts)) }), { report: true });
      const { renderAudit } = await import('../report/audit.js');
      if (opts.html) {
        const { writeHtmlReport } = await import('./commands/audit-html.js');
        writeHtmlReport(opts.html, doc);
      }
      const colors = await color(cmd);
      writeOut(renderAudit(doc, opts.format, colors), mediumOf(opts.format), { colors });
    });

  program
    .command('ingest')
    .description('add usage files (or directories of them) to the database without reporting; re-ingesting never double counts')
    .argument('[paths...]', 'files or directories (walked recursively for .jsonl, .ndjson, .json, .csv, also gzipped), "-" for standard input, or databases: postgres://USER@HOST/DB, clickhouse://USER@HOST:8123/DB, env:VAR')
    .option('--claude-code', "also ingest Claude Code's session logs from their default place (~/.claude/projects, $CLAUDE_CONFIG_DIR)")
    .option('--codex', "also ingest Codex CLI's session logs from their default place (~/.codex/sessions, $CODEX_HOME)")
    .option('--input-format <name>', `force the input format instead of detecting it (${INPUT_FORMATS})`)
    .addOption(new Option('--format <name>', 'deprecated: --input-format NAME (--format json is --json)').hideHelp())
    .option('--strict', 'stop at the first bad line with exit code 2 and write nothing from that file')
    .option('--store-prompts', 'keep the prompt text beside its fingerprints (default: fingerprints only; README "Prompt fingerprints")')
    .option('--no-fingerprints', 'keep no prompt fingerprints either (default: fingerprints of prompts the sources carry)')
    .option('--source <name>', 'label the files as one source: ids without a provider\'s shape are scoped to it (default: each file\'s absolute path)')
    .option('--json', 'print the result as JSON')
    // Database sources (README "At scale"): postgres://… (LiteLLM), clickhouse://… (Langfuse, Helicone), env:NAME.
    .option('--connection <name>', 'also read a database named under "connections" in the config (repeatable)', collect)
    .option('--per-request', 'databases: read every row of the --since window instead of 15-minute buckets')
    .option('-s, --since <when>', 'databases: first day to read (default: from the last bucket read, less the late-arrival window)')
    .option('-u, --until <when>', 'databases: last day to read')
    .option('--tz <zone>', 'databases: time zone of --since/--until days')
    .option('--late-window <span>', 'databases: how far before the last bucket read to read again, e.g. 2h (default 1h)')
    .option('--table <name>', 'databases: the table to read (default: the product\'s own)')
    .option('--product <name>', 'ClickHouse: langfuse or helicone (default: found from the tables)')
    .action(async (paths: string[], opts, cmd: Command) => {
      const { ingestCommand, reportSkipped } = await import('./commands/ingest.js');
      // One flag language: --format names the output everywhere else, so on ingest it is kept only as a
      // deprecated spelling of --input-format (and `--format json` / `table` mean the output).
      let inputFormat: string | undefined = opts.inputFormat;
      let json = opts.json === true;
      if (opts.format !== undefined) {
        if (opts.format === 'json' || opts.format === 'table') json = opts.format === 'json' || json;
        else {
          process.stderr.write(`warning: ingest --format is deprecated: use --input-format ${opts.format}.\n`);
          inputFormat ??= opts.format;
        }
      }
      const { ingestWithEngines } = await import('../engines/command.js');
      const results = await withContext(cmd, (ctx) => ingestWithEngines(ctx, paths, { ...opts, format: inputFormat }, ingestCommand));
      reportSkipped(results);
      const { renderIngest } = await import('../report/ingest.js');
      writeOut(renderIngest(results, json), json ? 'json' : 'text');
    });

  const catalog = program.command('catalog').description('show the model price catalog (USD per 1M tokens, with source and date)');
  catalog
    .command('list')
    .description('list the catalog\'s models and their prices')
    .option('--provider <name>', 'only this provider (openai, anthropic, google, deepseek, mistral, xai, bedrock, ...)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (opts, cmd: Command) => {
      const { catalogList } = await import('./commands/catalog.js');
      const { renderCatalogList } = await import('../report/catalog.js');
      writeOut(await withContext(cmd, (ctx) => renderCatalogList(catalogList(ctx, opts), ctx.catalog(), opts.format)), mediumOf(opts.format));
    });
  catalog
    .command('show')
    .description('show every price of one model, as the catalog resolves it (ids and explicit aliases, never substrings)')
    .argument('<model>', 'model id or alias, e.g. gpt-4o-2024-08-06 or anthropic.claude-sonnet-4-5-20250929-v1:0')
    .option('--provider <name>', 'the provider the model was called through (tried as "provider/model" first)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (model: string, opts, cmd: Command) => {
      const { catalogShow } = await import('./commands/catalog.js');
      const { renderCatalogShow } = await import('../report/catalog.js');
      writeOut(await withContext(cmd, (ctx) => renderCatalogShow(catalogShow(ctx, model, opts.provider), opts.format)), mediumOf(opts.format));
    });

  // Commands of their own modules; each imports its code only when it runs.
  registerSimulateCommand(program);
  registerPromptCommands(program);
  registerCheckCommand(program);
  registerAgentCommands(program);
  registerDbCommand(program);
  registerExportCommand(program);
  registerCompletionCommand(program);
  // Last: it reads the whole command tree.
  applyFlagLanguage(program);
  // Set after every subcommand exists (they would inherit it): bare `llmcost WORD` reaches the root action,
  // which names the unknown command (register-agents.ts).
  program.allowExcessArguments(true);
  return program;
}
