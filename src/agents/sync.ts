import type { DB } from '../db/open.js';
import type { AgentLogFile } from './logs.js';

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

/** The files whose size or modification time changed since they were last read (or that were never read). */
export function changedAgentLogs(db: DB, files: AgentLogFile[]): AgentLogFile[] {
  const seen = loadManifest(db);
  return files.filter((f) => seen.get(f.path) !== stamp(f));
}

/** Remembers a file as read at its present size and modification time. */
export function agentLogRecorder(db: DB): (f: AgentLogFile) => void {
  const remember = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
  return (f) => remember.run(PREFIX + f.path, stamp(f));
}

/** One stderr line about what a report read from the agent logs, when it read anything. */
export function describeSync(s: SyncSummary): string | null {
  if (s.read === 0) return null;
  const parts = [
    `read ${s.read} new or changed agent log file${s.read === 1 ? '' : 's'}: ${s.added.toLocaleString('en-US')} new record${s.added === 1 ? '' : 's'}`,
  ];
  if (s.skipped > 0) parts.push(`${s.skipped} unreadable line${s.skipped === 1 ? '' : 's'} skipped (llmcost audit --format json lists them)`);
  return `llmcost: ${parts.join('; ')}`;
}
