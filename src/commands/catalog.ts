import { lookupKeys, resolveModel } from '../../catalog/catalog.js';
import type { ModelPrice } from '../../catalog/types.js';
import { UserError } from '../../util/errors.js';
import type { Context } from '../context.js';

export interface CatalogListOptions {
  provider?: string;
}

export function catalogList(ctx: Context, opts: CatalogListOptions): ModelPrice[] {
  const models = ctx.catalog().models;
  const p = opts.provider?.toLowerCase();
  return models.filter((m) => !p || m.provider.toLowerCase() === p).sort((a, b) => a.provider.localeCompare(b.provider) || a.id.localeCompare(b.id));
}

export function catalogShow(ctx: Context, model: string, provider?: string): ModelPrice {
  const hit = resolveModel(ctx.catalog(), model, provider);
  if (!hit) {
    throw new UserError(`Model "${model}" is not in the catalog (looked up as ${lookupKeys(model, provider).map((k) => k.key).join(', ')}): see llmcost catalog list, or add it under "prices" in the config.`);
  }
  return hit;
}
