import { existsSync } from 'node:fs';
import type { Context } from '../cli/context.js';
import { forgetAgentLogs } from '../agents/sync.js';
import { forgetSources } from './forget.js';
import { inventory } from './inventory.js';
import { bytes, renderForget, renderInventory } from './render.js';

/** A database that does not exist yet is described, not created. */
function missing(ctx: Context, json: boolean): string | null {
  const path = ctx.dbPath;
  ctx.assertDbFolder();
  if (path === ':memory:' || existsSync(path)) return null;
  if (json) return `${JSON.stringify({ database: path, exists: false }, null, 2)}\n`;
  return `Database  ${path}\nNo database there yet: the first ingest or report creates it (llmcost ingest FILE, or llmcost daily for Claude Code and Codex logs).\n`;
}

export function dbInfoCommand(ctx: Context, opts: { format?: string; all?: boolean }): string {
  const json = opts.format === 'json';
  const none = missing(ctx, json);
  if (none !== null) return none;
  const inv = inventory(ctx.db(), ctx.dbPath);
  return json ? `${JSON.stringify({ ...inv, exists: true }, null, 2)}\n` : renderInventory(inv, opts.all === true);
}

export function dbForgetCommand(ctx: Context, source: string, opts: { format?: string }): string {
  const none = missing(ctx, opts.format === 'json');
  if (none !== null) return none;
  const db = ctx.db();
  const result = forgetSources(db, source);
  // Agent logs among them are read again by the next report, as any new file would be.
  forgetAgentLogs(db, result.paths);
  return opts.format === 'json' ? `${JSON.stringify({ database: ctx.dbPath, ...result }, null, 2)}\n` : renderForget(result);
}

export function dbVacuumCommand(ctx: Context): string {
  const none = missing(ctx, false);
  if (none !== null) return none;
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
export function dbForgetPromptsCommand(ctx: Context): string {
  const none = missing(ctx, false);
  if (none !== null) return none;
  const db = ctx.db();
  const removed = db.transaction(() => db.prepare('DELETE FROM prompts').run().changes).immediate();
  return `Removed ${removed.toLocaleString('en-US')} stored prompt text${removed === 1 ? '' : 's'} from ${ctx.dbPath}; fingerprints kept (llmcost db vacuum gives the space back).\n`;
}
