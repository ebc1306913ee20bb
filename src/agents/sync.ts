import type { Context } from '../cli/context.js';
import type { DB } from '../db/open.js';
import { UserError } from '../util/errors.js';
import { agentLogDirs, listAgentLogs, type AgentLogFile, type AgentName } from './logs.js';

/**
 * What each agent log file looked like when it was last read: its size and modification time, kept in the
 * database's `meta` table under one key per path. A file whose size and time are unchanged is not opened at
 * all (not even hashed), which keeps a report over thousands of session files cheap; a new or grown file is
 * ingested as usual, and the usual content hash and record keys make that idempotent.
 */
const PREFIX = 'agent-log\u0000';

export interface SyncSummary {
  /** Agent log files found. */
  files: number;
  /** Of those, files that were new or had changed, and so were read. */
  read: number;
  added: number;
  skipped: number;
  failed: number;
  /** Files that could not be read as the agent's format (each warned about once, until it changes). */
  passedOver: number;
}

function stamp(f: AgentLogFile): string {
  return `${f.size}:${f.mtimeMs}`;
}

function loadManifest(db: DB): Map<string, string> {
  const rows = db.prepare('SELECT key, value FROM meta WHERE key > ? AND key < ?').all(PREFIX, 'agent-log\u0001') as { key: string; value: string }[];
  return new Map(rows.map((r) => [r.key.slice(PREFIX.length), r.value]));
}

/** Forgets what was seen of these paths, so that the next report reads them again. */
export function forgetAgentLogs(db: DB, paths: string[]): void {
  const del = db.prepare('DELETE FROM meta WHERE key = ?');
  for (const p of paths) del.run(PREFIX + p);
}

/**
 * Ingests the agents' session logs that are new or changed since the last run into the context's database.
 * Each file is read as its agent's format (Claude Code transcripts, Codex rollouts), never guessed.
 */
export async function syncAgentLogs(ctx: Context, agents: AgentName[], opts: { quiet?: boolean } = {}): Promise<SyncSummary> {
  const files = listAgentLogs(agentLogDirs(), agents);
  const summary: SyncSummary = { files: files.length, read: 0, added: 0, skipped: 0, failed: 0, passedOver: 0 };
  if (files.length === 0) return summary;
  const db = ctx.db();
  const seen = loadManifest(db);
  const changed = files.filter((f) => seen.get(f.path) !== stamp(f));
  if (changed.length === 0) return summary;

  const { ingestFile } = await import('../ingest/ingest.js');
  const { UsageStore } = await import('../db/store.js');
  const { toolVersion, warn } = await import('../cli/context.js');
  const { createProgress } = await import('../cli/progress.js');
  const store = new UsageStore(db);
  const remember = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
  const progress = opts.quiet ? undefined : createProgress();
  try {
    for (const [i, f] of changed.entries()) {
      progress?.onFile(i, changed.length);
      try {
        const r = await ingestFile(store, f.path, { catalog: ctx.catalog(), toolVersion: toolVersion(), format: f.agent, ...(progress ? { onProgress: progress.onProgress } : {}) });
        summary.read++;
        summary.added += r.added;
        summary.skipped += r.skipped;
        summary.failed += r.failed;
      } catch (err) {
        // A file the agent's format cannot read (a JSON document, a binary) is passed over with one warning;
        // it is remembered, so the warning comes back only when the file changes.
        if (!(err instanceof UserError) || err.exitCode !== 2 || /disk .*full/i.test(err.message)) throw err;
        summary.passedOver++;
        progress?.done();
        if (!opts.quiet) warn(`${err.message.replace(/\.$/, '')}; passed over.`);
      }
      remember.run(PREFIX + f.path, stamp(f));
    }
  } finally {
    progress?.done();
  }
  return summary;
}

/** One stderr line about what a report read from the agent logs, when it read anything. */
export function describeSync(s: SyncSummary): string | null {
  if (s.read === 0) return null;
  const parts = [`read ${s.read} new or changed agent log file${s.read === 1 ? '' : 's'}: ${s.added.toLocaleString('en-US')} new record${s.added === 1 ? '' : 's'}`];
  if (s.skipped > 0) parts.push(`${s.skipped} unreadable line${s.skipped === 1 ? '' : 's'} skipped (llmcost audit --format json lists them)`);
  return `llmcost: ${parts.join('; ')}`;
}
