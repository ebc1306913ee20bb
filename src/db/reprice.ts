import type { Catalog } from '../catalog/catalog.js';
import { createPricer, pricingFingerprint } from '../pricing/pricer.js';
import { TOKEN_COLUMNS } from '../usage/columns.js';
import type { TokenCounts } from '../usage/tokens.js';
import type { DB } from './open.js';
import { rebuildRollups } from './sums.js';

const PAGE = 50_000;

/** What pricing reads of a stored record: its token counts come named as the record names them. */
interface PricingRow extends TokenCounts {
  rid: number;
  ts: number;
  provider: string | null;
  model: string;
  requests: number | null;
  batch: number;
  service_tier: string | null;
  long_context: number | null;
  speed: string | null;
}

const PRICING_PAGE = `SELECT rid, ts, provider, model, ${TOKEN_COLUMNS.map((c) => `${c.column} AS ${c.field}`).join(', ')},
  requests, batch, service_tier, long_context, speed FROM records WHERE rid > ? ORDER BY rid LIMIT ?`;

/**
 * Stored costs are computed under one catalog. When the active catalog (or the pricing rules) differ from
 * the one the stored costs were computed under, every record is priced again, in one transaction, so a
 * report never mixes two catalogs. Returns the number of records repriced.
 */
export function ensurePricedUnder(db: DB, catalog: Catalog): number {
  const fingerprint = pricingFingerprint(catalog);
  const current = db.prepare("SELECT value FROM meta WHERE key = 'pricing'").get() as { value: string } | undefined;
  if (current?.value === fingerprint) return 0;
  const price = createPricer(catalog);
  const page = db.prepare(PRICING_PAGE);
  const update = db.prepare('UPDATE records SET model_id = ?, cost_usd = ?, cost_approximate = ? WHERE rid = ?');
  let repriced = 0;
  db.transaction(() => {
    for (let last = 0; ; ) {
      const rows = page.all(last, PAGE) as PricingRow[];
      if (rows.length === 0) break;
      for (const r of rows) {
        const p = price({
          ...r,
          batch: r.batch === 1,
          serviceTier: r.service_tier,
          longContext: r.long_context === null ? null : r.long_context === 1,
        });
        update.run(p.modelId, p.costUsd, p.approximate ? 1 : 0, r.rid);
        repriced++;
      }
      last = rows[rows.length - 1]!.rid;
    }
    if (repriced > 0) rebuildRollups(db);
    db.prepare("INSERT INTO meta (key, value) VALUES ('pricing', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(fingerprint);
  }).immediate();
  return repriced;
}
