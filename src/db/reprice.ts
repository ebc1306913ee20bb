import type { Catalog } from '../catalog/catalog.js';
import { createPricer, pricingFingerprint } from '../pricing/pricer.js';
import { REBUILD_ROLLUPS } from './migrations.js';
import type { DB } from './open.js';

const PAGE = 50_000;

interface PricingRow {
  rid: number;
  ts: number;
  provider: string | null;
  model: string;
  input_tokens: number;
  cache_read_tokens: number;
  cache_write_5m_tokens: number;
  cache_write_1h_tokens: number;
  output_tokens: number;
  reasoning_tokens: number;
  requests: number | null;
  batch: number;
  service_tier: string | null;
  long_context: number | null;
  speed: string | null;
}

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
  const page = db.prepare(`SELECT rid, ts, provider, model, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens,
    output_tokens, reasoning_tokens, requests, batch, service_tier, long_context, speed FROM records WHERE rid > ? ORDER BY rid LIMIT ?`);
  const update = db.prepare('UPDATE records SET model_id = ?, cost_usd = ?, cost_approximate = ? WHERE rid = ?');
  let repriced = 0;
  db.transaction(() => {
    for (let last = 0; ; ) {
      const rows = page.all(last, PAGE) as PricingRow[];
      if (rows.length === 0) break;
      for (const r of rows) {
        const p = price({
          ts: r.ts,
          provider: r.provider,
          model: r.model,
          inputTokens: r.input_tokens,
          cacheReadTokens: r.cache_read_tokens,
          cacheWrite5mTokens: r.cache_write_5m_tokens,
          cacheWrite1hTokens: r.cache_write_1h_tokens,
          outputTokens: r.output_tokens,
          reasoningTokens: r.reasoning_tokens,
          requests: r.requests,
          batch: r.batch === 1,
          serviceTier: r.service_tier,
          longContext: r.long_context === null ? null : r.long_context === 1,
          speed: r.speed,
        });
        update.run(p.modelId, p.costUsd, p.approximate ? 1 : 0, r.rid);
        repriced++;
      }
      last = rows[rows.length - 1]!.rid;
    }
    if (repriced > 0) db.exec(REBUILD_ROLLUPS);
    db.prepare("INSERT INTO meta (key, value) VALUES ('pricing', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(fingerprint);
  }).immediate();
  return repriced;
}
