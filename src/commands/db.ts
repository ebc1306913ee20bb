import { Option, type Command } from 'commander';
import { existsSync } from 'node:fs';
import type { Context } from './context.js';
import { withContext } from './kit.js';

/** Registers `llmcost db` (issue 17): where the history is and what it holds; forget a source; vacuum. */
export function register(program: Command): void {
  const db = program.command('db').description('the usage database: where it is and what it holds (db show), forget a source, vacuum');
  // `show` is the default, so `llmcost db` (and `llmcost db --json`) shows; the parent itself takes no options,
  // which would otherwise capture the subcommands' --format and --json.
  db.command('show', { isDefault: true })
    .description('show the database: its path, size, records, and every ingested file (format, records, first and last day, when)')
    .option('--all', 'list every source, not only the latest 30')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (opts, cmd: Command) => {
      process.stdout.write(await withContext(cmd, (ctx) => dbInfoCommand(ctx, opts)));
    });
  db.command('forget')
    .description("remove a source from the history: the records no other source holds, its rollups, links and skipped lines (totals stay exact)")
    .argument('<source>', 'a source ID or file as `llmcost db` lists it, or a --source label')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (source: string, opts, cmd: Command) => {
      process.stdout.write(await withContext(cmd, (ctx) => dbForgetCommand(ctx, source, opts)));
    });
  db.command('forget-prompts')
    .description('remove every prompt text kept with --store-prompts (fingerprints stay)')
    .action(async (_opts, cmd: Command) => {
      process.stdout.write(await withContext(cmd, (ctx) => dbForgetPromptsCommand(ctx)));
    });
  db.command('vacuum')
    .description('give the space of removed records back to the disk (SQLite VACUUM) and fold the write-ahead log in')
    .action(async (_opts, cmd: Command) => {
      process.stdout.write(await withContext(cmd, (ctx) => dbVacuumCommand(ctx)));
    });
}

/** A database that does not exist yet is described, not created. */
function missing(ctx: Context, json: boolean): string | null {
  const path = ctx.dbPath;
  ctx.assertDbFolder();
  if (path === ':memory:' || existsSync(path)) return null;
  if (json) return `${JSON.stringify({ database: path, exists: false }, null, 2)}\n`;
  return `Database  ${path}\nNo database there yet: the first ingest or report creates it (llmcost ingest FILE, or llmcost daily for Claude Code and Codex logs).\n`;
}

export async function dbInfoCommand(ctx: Context, opts: { format?: string; all?: boolean }): Promise<string> {
  const json = opts.format === 'json';
  const none = missing(ctx, json);
  if (none !== null) return none;
  const { inventory } = await import('../history/inventory.js');
  const { renderInventory } = await import('../history/render.js');
  const inv = inventory(ctx.db(), ctx.dbPath);
  return json ? `${JSON.stringify({ ...inv, exists: true }, null, 2)}\n` : renderInventory(inv, opts.all === true);
}

export async function dbForgetCommand(ctx: Context, source: string, opts: { format?: string }): Promise<string> {
  const none = missing(ctx, opts.format === 'json');
  if (none !== null) return none;
  const { forgetSources } = await import('../history/forget.js');
  const { forgetAgentLogs } = await import('../agents/sync.js');
  const { renderForget } = await import('../history/render.js');
  const db = ctx.db();
  const result = forgetSources(db, source);
  // Agent logs among them are read again by the next report, as any new file would be.
  forgetAgentLogs(db, result.paths);
  return opts.format === 'json' ? `${JSON.stringify({ database: ctx.dbPath, ...result }, null, 2)}\n` : renderForget(result);
}

export async function dbVacuumCommand(ctx: Context): Promise<string> {
  const none = missing(ctx, false);
  if (none !== null) return none;
  const { inventory } = await import('../history/inventory.js');
  const { bytes } = await import('../history/render.js');
  const db = ctx.db();
  const before = inventory(db, ctx.dbPath);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
  const after = inventory(db, ctx.dbPath);
  const total = (i: typeof before) => (i.sizeBytes ?? 0) + (i.walBytes ?? 0);
  return `Vacuumed ${ctx.dbPath}: ${bytes(total(before))} → ${bytes(total(after))}.\n`;
}

/**
 * Removes every kept prompt text (`--store-prompts`); the fingerprints stay, so every analysis that needs no
 * text still runs. The freed pages go back to the disk with `llmcost db vacuum`.
 */
export async function dbForgetPromptsCommand(ctx: Context): Promise<string> {
  const none = missing(ctx, false);
  if (none !== null) return none;
  const db = ctx.db();
  const removed = db.transaction(() => db.prepare('DELETE FROM prompts').run().changes).immediate();
  return `Removed ${removed.toLocaleString('en-US')} stored prompt text${removed === 1 ? '' : 's'} from ${ctx.dbPath}; fingerprints kept (llmcost db vacuum gives the space back).\n`;
}
