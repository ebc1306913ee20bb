import { existsSync, statSync } from 'node:fs';
import type { DB } from '../db/open.js';

/** One ingested file as `llmcost db` lists it. */
export interface SourceInfo {
  id: number;
  file: string;
  format: string;
  /** The label its source-scoped ids live under (its absolute path, or source:NAME from --source). */
  label: string | null;
  /** Records this source holds: those it added, and those it shares with a file ingested before it. */
  records: number;
  /** UTC days of its first and last record (null: no records). */
  firstDay: string | null;
  lastDay: string | null;
  skipped: number;
  failed: number;
  ingestedAt: string;
}

export interface Inventory {
  database: string;
  /** Bytes of the database file and of its write-ahead log (null for :memory:). */
  sizeBytes: number | null;
  walBytes: number | null;
  schema: number;
  records: number;
  firstDay: string | null;
  lastDay: string | null;
  sources: SourceInfo[];
}

function fileSize(path: string): number | null {
  try {
    return existsSync(path) ? statSync(path).size : null;
  } catch {
    return null;
  }
}

const day = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().slice(0, 10));

/** What the database holds: its size, its records' span, and every ingested file. */
export function inventory(db: DB, path: string): Inventory {
  const memory = path === ':memory:';
  const totals = db.prepare('SELECT COUNT(*) AS n, MIN(ts) AS first, MAX(ts) AS last FROM records').get() as {
    n: number;
    first: number | null;
    last: number | null;
  };
  const rows = db
    .prepare(
      `WITH held AS (SELECT source_id, rid FROM records UNION SELECT source_id, rid FROM record_sources),
        spans AS (SELECT h.source_id, COUNT(*) AS n, MIN(r.ts) AS first, MAX(r.ts) AS last FROM held h JOIN records r ON r.rid = h.rid GROUP BY h.source_id)
      SELECT s.id, s.first_path AS file, s.format, s.label, COALESCE(sp.n, 0) AS records, sp.first, sp.last,
        (SELECT COUNT(*) FROM skipped k WHERE k.source_id = s.id AND k.kind = 'skipped') AS skipped,
        (SELECT COUNT(*) FROM skipped k WHERE k.source_id = s.id AND k.kind = 'failed') AS failed,
        s.ingested_at AS ingestedAt
      FROM sources s LEFT JOIN spans sp ON sp.source_id = s.id ORDER BY s.id`,
    )
    .all() as (Omit<SourceInfo, 'firstDay' | 'lastDay'> & { first: number | null; last: number | null })[];
  return {
    database: path,
    sizeBytes: memory ? null : fileSize(path),
    walBytes: memory ? null : fileSize(`${path}-wal`),
    schema: db.pragma('user_version', { simple: true }) as number,
    records: totals.n,
    firstDay: day(totals.first),
    lastDay: day(totals.last),
    sources: rows.map(({ first, last, ...r }) => ({ ...r, firstDay: day(first), lastDay: day(last) })),
  };
}
