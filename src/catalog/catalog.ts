import { createHash } from 'node:crypto';
import type { ModelPrice } from './types.js';

/** A loaded catalog: entries plus the exact-name indexes used to resolve a record's model. */
export interface Catalog {
  snapshot: string;
  models: ModelPrice[];
  /** Lower-cased id → entry. */
  byId: Map<string, ModelPrice>;
  /** Lower-cased alias → entry. */
  byAlias: Map<string, ModelPrice>;
  /** Changes whenever any price changes; stored costs computed under another fingerprint are recomputed. */
  fingerprint: string;
  /** Human description of the layers, e.g. "bundled 2026-11-22 + LiteLLM file x.json". */
  layers: string[];
}

export interface CatalogLayer {
  label: string;
  models: ModelPrice[];
}

/**
 * Stacks catalog layers: a later layer's entry replaces an earlier one with the same id (case-insensitive),
 * and its aliases then point at the replacement. Ids always win over aliases.
 */
export function buildCatalog(snapshot: string, layers: CatalogLayer[]): Catalog {
  const byId = new Map<string, ModelPrice>();
  for (const layer of layers) {
    for (const m of layer.models) {
      const key = m.id.toLowerCase();
      const replaced = byId.get(key);
      // The replacement inherits the replaced entry's aliases, so dated ids keep resolving to the same model.
      const aliases = [...new Set([...(m.aliases ?? []), ...(replaced?.aliases ?? [])])];
      byId.set(key, aliases.length > 0 ? { ...m, aliases } : m);
    }
  }
  const byAlias = new Map<string, ModelPrice>();
  for (const m of byId.values()) {
    for (const a of m.aliases ?? []) {
      const key = a.toLowerCase();
      if (!byId.has(key)) byAlias.set(key, m);
    }
  }
  const models = [...byId.values()];
  const hash = createHash('sha256');
  for (const m of models) {
    hash.update(JSON.stringify([m.id, m.provider, m.aliases, m.datedAliases, m.standard, m.batch, m.flex, m.priority, m.longContext, m.longContextPriority, m.longContextFlex, m.fastMultiplier, m.history]));
  }
  return { snapshot, models, byId, byAlias, fingerprint: hash.digest('hex').slice(0, 16), layers: layers.map((l) => l.label) };
}

/** Prefixes that route a model through a gateway or SDK without changing what the model costs. */
const ROUTING_PREFIXES = [
  'openai/',
  'anthropic/',
  'azure/',
  'azure_ai/',
  'bedrock/',
  'bedrock/converse/',
  'vertex_ai/',
  'gemini/',
  'google/',
  'models/',
  'openrouter/',
  'deepseek/',
  'mistral/',
  'xai/',
  'x-ai/',
];


/**
 * The names a model string is looked up under, in order. Each is a documented exact rewrite (README
 * "Model resolution"); there is no substring or fuzzy matching, and dated snapshots are never cut down
 * to their base model because snapshots can be priced differently.
 */
export function lookupKeys(model: string, provider?: string | null): string[] {
  const keys: string[] = [];
  const push = (k: string) => {
    if (k && !keys.includes(k)) keys.push(k);
  };
  let m = model.trim().toLowerCase();
  // Bedrock ARNs (foundation-model/..., inference-profile/...) end with the model or profile id. Geography
  // prefixes of inference profiles ("us.", "eu.", "global.") are kept: regional profiles can cost more.
  if (m.startsWith('arn:')) m = m.slice(m.lastIndexOf('/') + 1);
  const p = provider?.trim().toLowerCase();
  if (p) push(`${p}/${m}`);
  push(m);
  let stripped = m;
  // Strip routing prefixes one at a time ("openrouter/openai/gpt-4o" → "openai/gpt-4o" → "gpt-4o").
  for (let changed = true; changed; ) {
    changed = false;
    for (const prefix of ROUTING_PREFIXES) {
      if (stripped.startsWith(prefix) && stripped.length > prefix.length) {
        stripped = stripped.slice(prefix.length);
        push(stripped);
        changed = true;
      }
    }
  }
  return keys;
}

/** Resolves a record's model to a catalog entry by exact id or alias, or returns undefined (unpriced). */
export function resolveModel(catalog: Catalog, model: string, provider?: string | null): ModelPrice | undefined {
  for (const key of lookupKeys(model, provider)) {
    const hit = catalog.byId.get(key) ?? catalog.byAlias.get(key);
    if (hit) return hit;
  }
  return undefined;
}
