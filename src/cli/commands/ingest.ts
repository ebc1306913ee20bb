import type { FileIngestResult } from '../../ingest/ingest.js';
import type { Context } from '../context.js';

export interface IngestCommandOptions {
  format?: string;
  strict?: boolean;
}

/** Ingests files (and directories) into the database; returns one result per file. */
export async function ingestCommand(ctx: Context, paths: string[], opts: IngestCommandOptions): Promise<FileIngestResult[]> {
  const { expandPaths } = await import('../../ingest/files.js');
  const { ingestFile } = await import('../../ingest/ingest.js');
  const { UsageStore } = await import('../../db/store.js');
  const { toolVersion } = await import('../context.js');
  const files = expandPaths(paths);
  const store = new UsageStore(ctx.db());
  const ingestOpts = { catalog: ctx.catalog(), toolVersion: toolVersion(), ...(opts.format ? { format: opts.format } : {}), ...(opts.strict ? { strict: true } : {}) };
  const results: FileIngestResult[] = [];
  for (const f of files) results.push(await ingestFile(store, f, ingestOpts));
  return results;
}

/** Lists skipped lines on stderr (the result on stdout stays clean). */
export function reportSkipped(results: FileIngestResult[], limit = 20): void {
  const total = results.reduce((n, r) => n + r.skipped, 0);
  if (total === 0) return;
  process.stderr.write(`llmcost: skipped ${total} line${total === 1 ? '' : 's'}:\n`);
  let shown = 0;
  for (const r of results) {
    for (const s of r.skippedLines) {
      if (shown++ >= limit) break;
      process.stderr.write(`  ${s.file}:${s.line}: ${s.reason}\n`);
    }
  }
  if (total > limit) process.stderr.write(`  … ${total - limit} more (--format json / --json lists up to 1,000 per file)\n`);
}
