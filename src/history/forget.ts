import { resolve } from 'node:path';
import type { DB } from '../db/open.js';
import { rebuildRollups } from '../db/sums.js';
import { defaultSourceLabel } from '../ingest/source-label.js';
import { UserError } from '../util/errors.js';

export interface ForgetResult {
  sources: { id: number; file: string }[];
  /** Records removed: held by no other source. */
  removedRecords: number;
  /** Records the forgotten sources had added that another source also holds: kept, now under that source. */
  keptRecords: number;
  /** Paths the forgotten sources were read from (agent logs among them are read again by the next report). */
  paths: string[];
}

/** The sources a `db forget` argument names: an id, a file as ingested, or a --source label. */
export function matchSources(db: DB, which: string): { id: number; file: string }[] {
  const all = db.prepare('SELECT id, first_path AS file, label FROM sources ORDER BY id').all() as { id: number; file: string; label: string | null }[];
  if (/^\d+$/.test(which)) return all.filter((s) => s.id === Number(which));
  const abs = resolve(which);
  const label = defaultSourceLabel(which);
  return all.filter((s) => s.file === which || resolve(s.file) === abs || s.label === label || s.label === `source:${which}`);
}

/**
 * Removes sources from the history in one transaction: the records only they hold, their links to records
 * other sources hold, their skipped and failed lines, conflicts they took part in, and their ingest log. A
 * record they added that another source also holds stays, owned by that source; the rollups of every
 * source touched are rebuilt from its records, so totals stay equal to the sum of the records that remain.
 */
export function forgetSources(db: DB, which: string): ForgetResult {
  const matched = matchSources(db, which);
  if (matched.length === 0) throw new UserError(`No ingested source matches "${which}": llmcost db lists them; give an ID or the file as listed.`);
  const ids = matched.map((s) => s.id);
  const marks = ids.map(() => '?').join(',');
  return db
    .transaction((): ForgetResult => {
      const paths = (
        db
          .prepare(`SELECT DISTINCT path FROM ingests WHERE source_id IN (${marks}) UNION SELECT first_path FROM sources WHERE id IN (${marks})`)
          .all(...ids, ...ids) as { path: string }[]
      ).map((r) => r.path);
      // Links of the forgotten sources to records others own go first, so they are not taken for other holders.
      db.prepare(`DELETE FROM record_sources WHERE source_id IN (${marks})`).run(...ids);
      // Records they own that another source still holds pass to that source (the earliest one).
      const shared = db
        .prepare(`SELECT r.rid, MIN(l.source_id) AS other FROM records r JOIN record_sources l ON l.rid = r.rid WHERE r.source_id IN (${marks}) GROUP BY r.rid`)
        .all(...ids) as { rid: number; other: number }[];
      const move = db.prepare('UPDATE records SET source_id = ? WHERE rid = ?');
      const unlink = db.prepare('DELETE FROM record_sources WHERE source_id = ? AND rid = ?');
      const touched = new Set<number>();
      for (const s of shared) {
        move.run(s.other, s.rid);
        unlink.run(s.other, s.rid);
        touched.add(s.other);
      }
      // The prompt fingerprints and kept prompt texts of the records that go, go with them.
      for (const table of ['fingerprints', 'prompts'])
        db.prepare(`DELETE FROM ${table} WHERE rid IN (SELECT rid FROM records WHERE source_id IN (${marks}))`).run(...ids);
      const removed = db.prepare(`DELETE FROM records WHERE source_id IN (${marks})`).run(...ids).changes;
      db.prepare(`DELETE FROM rollups WHERE source_id IN (${marks})`).run(...ids);
      for (const id of touched) rebuildRollups(db, id);
      db.prepare(`DELETE FROM skipped WHERE source_id IN (${marks})`).run(...ids);
      db.prepare(`DELETE FROM conflicts WHERE found_by IN (${marks}) OR kept_source IN (${marks}) OR dropped_source IN (${marks})`).run(...ids, ...ids, ...ids);
      db.prepare(`DELETE FROM ingests WHERE source_id IN (${marks})`).run(...ids);
      db.prepare(`DELETE FROM sources WHERE id IN (${marks})`).run(...ids);
      return { sources: matched, removedRecords: removed, keptRecords: shared.length, paths };
    })
    .immediate();
}
