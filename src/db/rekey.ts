import { isProviderRequestId, naturalKey } from '../usage/identity.js';
import { emptyRecord } from '../usage/record.js';
import type { DB } from './open.js';
import { recordKey, scopedKey } from './store.js';

/** Namespaces earlier versions put before a provider's own request id; the id alone is now the key. */
const PROVIDER_NAMESPACES = new Set(['openai', 'anthropic', 'claude-code', 'openrouter', 'litellm', 'gemini']);

interface OldRow {
  rid: number;
  key: number;
  id: string;
  source_id: number;
  label: string;
  ts: number;
  provider: string | null;
  model: string;
  project: string | null;
  user: string | null;
  api_key: string | null;
  feature: string | null;
  tags: string | null;
  batch: number;
  service_tier: string | null;
}

/** The id and scope a record stored under the rules before schema 3 has under identity.ts; null: unchanged. */
function newIdentity(r: OldRow, occurrence: Map<string, number>): { id: string; scope: string | null } | null {
  const colon = r.id.indexOf(':');
  const ns = colon > 0 ? r.id.slice(0, colon) : '';
  const rest = r.id.slice(colon + 1);
  if (PROVIDER_NAMESPACES.has(ns) && isProviderRequestId(rest)) return { id: rest, scope: null };
  if (ns === 'req') return isProviderRequestId(rest) ? { id: rest, scope: null } : { id: rest, scope: r.label };
  if (ns === 'h') {
    const rec = emptyRecord('', r.ts, r.model);
    Object.assign(rec, {
      provider: r.provider,
      project: r.project,
      user: r.user,
      apiKey: r.api_key,
      feature: r.feature,
      batch: r.batch === 1,
      serviceTier: r.service_tier,
    });
    rec.tags = r.tags ? (JSON.parse(r.tags) as string[]) : [];
    const base = naturalKey(rec);
    const seen = `${r.source_id}\u0000${base}`;
    const n = (occurrence.get(seen) ?? 0) + 1;
    occurrence.set(seen, n);
    return { id: n === 1 ? base : `${base}#${n}`, scope: r.label };
  }
  return null;
}

/**
 * Re-keys the records stored before schema 3 (provider ids bare, generic ids and id-less rows scoped to their
 * source). Two stored records that now share a key are one request: the later one is folded into the earlier
 * (its source linked to it). The caller rebuilds the rollups afterwards.
 */
export function rekeyRecords(db: DB): void {
  const rows = db
    .prepare(
      `SELECT r.rid, r.key, r.id, r.source_id, s.label, r.ts, r.provider, r.model, r.project, r.user, r.api_key, r.feature, r.tags,
        r.batch, r.service_tier FROM records r JOIN sources s ON s.id = r.source_id
      WHERE r.id LIKE 'req:%' OR r.id LIKE 'h:%' OR r.id GLOB '[a-z]*:chatcmpl-*' OR r.id GLOB '[a-z]*:resp_*' OR r.id GLOB '[a-z]*:msg_*'
        OR r.id GLOB '[a-z]*:gen-*' OR r.id GLOB '[a-z]*:cmpl-*'
      ORDER BY r.rid`,
    )
    .all() as OldRow[];
  if (rows.length === 0) return;
  const holder = db.prepare('SELECT rid, id, scope FROM records WHERE key = ?');
  const move = db.prepare('UPDATE records SET key = ?, id = ?, scope = ? WHERE rid = ?');
  const park = db.prepare('UPDATE records SET key = ? WHERE rid = ?');
  const link = db.prepare('INSERT OR IGNORE INTO record_sources (source_id, rid) VALUES (?, ?)');
  const relink = db.prepare('UPDATE OR IGNORE record_sources SET rid = ? WHERE rid = ?');
  const dropLinks = db.prepare('DELETE FROM record_sources WHERE rid = ?');
  const drop = db.prepare('DELETE FROM records WHERE rid = ?');
  const occurrence = new Map<string, number>();
  // Old keys are parked out of the way first (negative, unique by rid), so no new key lands on a slot that
  // is only held for a moment by a record about to move.
  const changes: { row: OldRow; id: string; scope: string | null }[] = [];
  for (const row of rows) {
    const next = newIdentity(row, occurrence);
    if (next === null) continue;
    park.run(-row.rid, row.rid);
    changes.push({ row, ...next });
  }
  for (const { row, id, scope } of changes) {
    for (let key = recordKey(scopedKey(id, scope)); ; key = (key + 1) % 2 ** 53) {
      const held = holder.get(key) as { rid: number; id: string; scope: string | null } | undefined;
      if (held === undefined) {
        move.run(key, id, scope, row.rid);
        break;
      }
      if (held.id === id && held.scope === scope) {
        link.run(row.source_id, held.rid);
        relink.run(held.rid, row.rid);
        dropLinks.run(row.rid);
        drop.run(row.rid);
        break;
      }
    }
  }
}
