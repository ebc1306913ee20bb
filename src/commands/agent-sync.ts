import { agentLogDirs, listAgentLogs, type AgentName } from '../agents/logs.js';
import { agentLogRecorder, changedAgentLogs, describeSync, type SyncSummary } from '../agents/sync.js';
import { UserError } from '../util/errors.js';
import { toolVersion } from '../util/version.js';
import type { Context } from './context.js';
import { warn } from './output.js';
import { createProgress } from './progress.js';

/**
 * Ingests the agents' session logs that are new or changed since the last run into the context's database.
 * Each file is read as its agent's format (Claude Code transcripts, Codex rollouts), never guessed.
 */
export async function syncAgentLogs(ctx: Context, agents: AgentName[], opts: { quiet?: boolean } = {}): Promise<SyncSummary> {
  const files = listAgentLogs(agentLogDirs(), agents);
  const summary: SyncSummary = { files: files.length, read: 0, added: 0, skipped: 0, failed: 0, passedOver: 0 };
  if (files.length === 0) return summary;
  const db = ctx.db();
  const changed = changedAgentLogs(db, files);
  if (changed.length === 0) return summary;

  const { ingestFile } = await import('../ingest/ingest.js');
  const { UsageStore } = await import('../db/store.js');
  const { WriteBatch, BATCH_MS } = await import('../ingest/write-batch.js');
  const store = new UsageStore(db);
  const batch = new WriteBatch(db, BATCH_MS);
  const remember = agentLogRecorder(db);
  const progress = opts.quiet ? undefined : createProgress();
  let stopping = true;
  try {
    for (const [i, f] of changed.entries()) {
      progress?.onFile(i, changed.length);
      try {
        const r = await ingestFile(store, f.path, {
          catalog: ctx.catalog(),
          toolVersion: toolVersion(),
          format: f.agent,
          batch,
          ...(progress ? { onProgress: progress.onProgress } : {}),
        });
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
      // In the files' transaction: a file is remembered as read only if what it added is stored.
      remember(f);
    }
    stopping = false;
  } finally {
    progress?.done();
    batch.finish(stopping);
  }
  return summary;
}

/** Reads the agent logs that are new or changed (unless --no-ingest), and says so on stderr. */
export async function syncForView(ctx: Context, agents: AgentName[], ingest: boolean | undefined, quiet = false): Promise<SyncSummary | null> {
  if (ingest === false) return null;
  const s = await syncAgentLogs(ctx, agents, { quiet });
  const line = describeSync(s);
  if (line && !quiet) process.stderr.write(`${line}\n`);
  return s;
}
