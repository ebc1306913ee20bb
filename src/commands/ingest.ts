import { Option, type Command } from 'commander';
import type { FileIngestResult } from '../ingest/ingest.js';
import type { Context } from './context.js';
import type { EngineCommandOptions } from './ingest-databases.js';
import type { IngestFilesOptions } from './ingest-files.js';
import { INPUT_FORMATS } from './input-formats.js';
import { collect, withContext } from './kit.js';
import { writeOut } from './output.js';

/** Registers `llmcost ingest`; its code is imported only when it runs. */
export function register(program: Command): void {
  program
    .command('ingest')
    .description('add usage files (or directories of them) to the database without reporting; re-ingesting never double counts')
    .argument(
      '[paths...]',
      'files or directories (walked recursively for .jsonl, .ndjson, .json, .csv, also gzipped), "-" for standard input, or databases: postgres://USER@HOST/DB, clickhouse://USER@HOST:8123/DB, env:VAR',
    )
    .option('--claude-code', "also ingest Claude Code's session logs from their default place (~/.claude/projects, $CLAUDE_CONFIG_DIR)")
    .option('--codex', "also ingest Codex CLI's session logs from their default place (~/.codex/sessions, $CODEX_HOME)")
    .option('--input-format <name>', `force the input format instead of detecting it (${INPUT_FORMATS})`)
    .addOption(new Option('--format <name>', 'deprecated: --input-format NAME (--format json is --json)').hideHelp())
    .option('--strict', 'stop at the first bad line with exit code 2 and write nothing from that file')
    .option('--store-prompts', 'keep the prompt text beside its fingerprints (default: fingerprints only; README "Prompt fingerprints")')
    .option('--no-fingerprints', 'keep no prompt fingerprints either (default: fingerprints of prompts the sources carry)')
    .option('--source <name>', "label the files as one source: ids without a provider's shape are scoped to it (default: each file's absolute path)")
    .option('--json', 'print the result as JSON')
    // Database sources (README "At scale"): postgres://… (LiteLLM), clickhouse://… (Langfuse, Helicone), env:NAME.
    .option('--connection <name>', 'also read a database named under "connections" in the config (repeatable)', collect)
    .option('--per-request', 'databases: read every row of the --since window instead of 15-minute buckets')
    .option('-s, --since <when>', 'databases: first day to read (default: from the last bucket read, less the late-arrival window)')
    .option('-u, --until <when>', 'databases: last day to read')
    .option('--tz <zone>', 'databases: time zone of --since/--until days')
    .option('--late-window <span>', 'databases: how far before the last bucket read to read again, e.g. 2h (default 1h)')
    .option('--table <name>', "databases: the table to read (default: the product's own)")
    .option('--product <name>', 'ClickHouse: langfuse or helicone (default: found from the tables)')
    .action(async (paths: string[], opts, cmd: Command) => {
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
      const results = await withContext(cmd, (ctx) => ingestCommand(ctx, paths, { ...opts, format: inputFormat }));
      const { reportSkipped } = await import('./ingest-files.js');
      reportSkipped(results);
      const { renderIngest } = await import('../report/ingest.js');
      writeOut(renderIngest(results, json), json ? 'json' : 'text');
    });
}

/** Ingests files, directories and database sources into the database; one result per source read. */
export async function ingestCommand(ctx: Context, paths: string[], opts: EngineCommandOptions & IngestFilesOptions): Promise<FileIngestResult[]> {
  const { ingestWithEngines } = await import('./ingest-databases.js');
  return ingestWithEngines(ctx, paths, opts);
}
