import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import type { ForgetResult } from '../history/forget.js';
import type { Inventory } from '../history/inventory.js';
import type { Context } from './context.js';
import { withContext, formatOption } from './kit.js';

/** Registers `llmcost db` (issue 17): where the history is and what it holds; forget a source; vacuum. */
export function register(program: Command): void {
  const db = program.command('db').description('the usage database: where it is and what it holds (db show), forget a source, vacuum');
  // `show` is the default, so `llmcost db` (and `llmcost db --json`) shows; the parent itself takes no options,
  // which would otherwise capture the subcommands' --format and --json.
  db.command('show', { isDefault: true })
    .description('show the database: its path, size, records, and every ingested file (format, records, first and last day, when)')
    .option('--all', 'list every source, not only the latest 30')
    .addOption(formatOption('dbInventory'))
    .action(async (opts, cmd: Command) => {
      process.stdout.write(await renderDbShow(await withContext(cmd, (ctx) => dbShowCommand(ctx)), opts));
    });
  db.command('forget')
    .description('remove a source from the history: the records no other source holds, its rollups, links and skipped lines (totals stay exact)')
    .argument('<source>', 'a source ID or file as `llmcost db` lists it, or a --source label')
    .addOption(formatOption('dbForget'))
    .action(async (source: string, opts, cmd: Command) => {
      process.stdout.write(await renderDbForget(await withContext(cmd, (ctx) => dbForgetCommand(ctx, source)), opts));
    });
  db.command('forget-prompts')
    .description('remove every prompt text kept with --store-prompts (fingerprints stay)')
    .action(async (_opts, cmd: Command) => {
      process.stdout.write(renderDbForgetPrompts(await withContext(cmd, (ctx) => dbForgetPromptsCommand(ctx))));
    });
  db.command('vacuum')
    .description('give the space of removed records back to the disk (SQLite VACUUM) and fold the write-ahead log in')
    .action(async (_opts, cmd: Command) => {
      process.stdout.write(await renderDbVacuum(await withContext(cmd, (ctx) => dbVacuumCommand(ctx))));
    });
}

/** A database that does not exist yet: described, not created. */
export interface NoDatabase {
  database: string;
  exists: false;
}

export type DbShowDocument = NoDatabase | (Inventory & { exists: true });
export type DbForgetDocument = NoDatabase | ({ database: string } & ForgetResult);
export type DbVacuumDocument = NoDatabase | { database: string; beforeBytes: number; afterBytes: number };
export type DbForgetPromptsDocument = NoDatabase | { database: string; removed: number };

function isMissing(doc: object): doc is NoDatabase {
  return (doc as { exists?: boolean }).exists === false;
}

function noDatabase(ctx: Context): NoDatabase | null {
  const path = ctx.dbPath;
  ctx.assertDbFolder();
  if (path === ':memory:' || existsSync(path)) return null;
  return { database: path, exists: false };
}

function renderMissing(doc: NoDatabase, format: string | undefined): string {
  if (format === 'json') return `${JSON.stringify(doc, null, 2)}\n`;
  return `Database  ${doc.database}\nNo database there yet: the first ingest or report creates it (llmcost ingest FILE, or llmcost daily for Claude Code and Codex logs).\n`;
}

export async function dbShowCommand(ctx: Context): Promise<DbShowDocument> {
  const none = noDatabase(ctx);
  if (none !== null) return none;
  const { inventory } = await import('../history/inventory.js');
  return { ...inventory(ctx.db(), ctx.dbPath), exists: true };
}

async function renderDbShow(doc: DbShowDocument, opts: { format?: string; all?: boolean }): Promise<string> {
  if (isMissing(doc)) return renderMissing(doc, opts.format);
  if (opts.format === 'json') return `${JSON.stringify(doc, null, 2)}\n`;
  const { renderInventory } = await import('../history/render.js');
  return renderInventory(doc, opts.all === true);
}

export async function dbForgetCommand(ctx: Context, source: string): Promise<DbForgetDocument> {
  const none = noDatabase(ctx);
  if (none !== null) return none;
  const { forgetSources } = await import('../history/forget.js');
  const { forgetAgentLogs } = await import('../agents/sync.js');
  const db = ctx.db();
  const result = forgetSources(db, source);
  // Agent logs among them are read again by the next report, as any new file would be.
  forgetAgentLogs(db, result.paths);
  return { database: ctx.dbPath, ...result };
}

async function renderDbForget(doc: DbForgetDocument, opts: { format?: string }): Promise<string> {
  if (isMissing(doc)) return renderMissing(doc, opts.format);
  if (opts.format === 'json') return `${JSON.stringify(doc, null, 2)}\n`;
  const { renderForget } = await import('../history/render.js');
  return renderForget(doc);
}

export async function dbVacuumCommand(ctx: Context): Promise<DbVacuumDocument> {
  const none = noDatabase(ctx);
  if (none !== null) return none;
  const { inventory } = await import('../history/inventory.js');
  const db = ctx.db();
  const before = inventory(db, ctx.dbPath);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
  const after = inventory(db, ctx.dbPath);
  const total = (i: typeof before) => (i.sizeBytes ?? 0) + (i.walBytes ?? 0);
  return { database: ctx.dbPath, beforeBytes: total(before), afterBytes: total(after) };
}

async function renderDbVacuum(doc: DbVacuumDocument): Promise<string> {
  if (isMissing(doc)) return renderMissing(doc, 'table');
  const { bytes } = await import('../history/render.js');
  return `Vacuumed ${doc.database}: ${bytes(doc.beforeBytes)} → ${bytes(doc.afterBytes)}.\n`;
}

/**
 * Removes every kept prompt text (`--store-prompts`); the fingerprints stay, so every analysis that needs no
 * text still runs. The freed pages go back to the disk with `llmcost db vacuum`.
 */
export async function dbForgetPromptsCommand(ctx: Context): Promise<DbForgetPromptsDocument> {
  const none = noDatabase(ctx);
  if (none !== null) return none;
  const db = ctx.db();
  const removed = db.transaction(() => db.prepare('DELETE FROM prompts').run().changes).immediate();
  return { database: ctx.dbPath, removed };
}

function renderDbForgetPrompts(doc: DbForgetPromptsDocument): string {
  if (isMissing(doc)) return renderMissing(doc, 'table');
  return `Removed ${doc.removed.toLocaleString('en-US')} stored prompt text${doc.removed === 1 ? '' : 's'} from ${doc.database}; fingerprints kept (llmcost db vacuum gives the space back).\n`;
}
