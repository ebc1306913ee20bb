import { createHash } from 'node:crypto';
import { instantMs } from './dates.js';
import { fineTuneBase, namespaceOfProvider, stripNamespace, withoutArn } from './names.js';
import type { ModelPrice } from './types.js';

/** A loaded catalog: entries plus the exact-name indexes used to resolve a record's model. */
export interface Catalog {
  snapshot: string;
  models: ModelPrice[];
  /** Lower-cased id → entry. */
  byId: Map<string, ModelPrice>;
  /** Lower-cased alias → entry. */
  byAlias: Map<string, ModelPrice>;
  /** Lower-cased dated alias → the entries it named, each with the window [fromMs, untilMs) it named it in. */
  byDatedAlias: Map<string, DatedAliasWindow[]>;
  /** Changes whenever any price changes; stored costs computed under another fingerprint are recomputed. */
  fingerprint: string;
  /** Human description of the layers, e.g. "bundled 2026-11-22 + LiteLLM file x.json". */
  layers: string[];
}

export interface DatedAliasWindow {
  entry: ModelPrice;
  fromMs: number;
  untilMs: number;
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
  const byDatedAlias = new Map<string, DatedAliasWindow[]>();
  for (const m of byId.values()) {
    for (const d of m.datedAliases ?? []) {
      const key = d.alias.toLowerCase();
      const windows = byDatedAlias.get(key) ?? [];
      windows.push({
        entry: m,
        fromMs: d.from ? instantMs(d.from) : Number.NEGATIVE_INFINITY,
        untilMs: d.until ? instantMs(d.until) : Number.POSITIVE_INFINITY,
      });
      byDatedAlias.set(key, windows);
    }
  }
  const models = [...byId.values()];
  const hash = createHash('sha256');
  for (const m of models) {
    hash.update(
      JSON.stringify([
        m.id,
        m.provider,
        m.aliases,
        m.datedAliases,
        m.standard,
        m.batch,
        m.flex,
        m.priority,
        m.longContext,
        m.longContextPriority,
        m.longContextFlex,
        m.fastMultiplier,
        m.history,
      ]),
    );
  }
  return { snapshot, models, byId, byAlias, byDatedAlias, fingerprint: hash.digest('hex').slice(0, 16), layers: layers.map((l) => l.label) };
}

/** One name to look a model up under, and whose entries it may resolve to. */
export interface LookupKey {
  key: string;
  /** The entry found must be one of these providers' (a stripped namespace's sellers); undefined: any entry. */
  sellers?: readonly string[];
}

/**
 * The names a model string is looked up under, in order. Each is a documented exact rewrite (README "How a
 * model id is resolved"); there is no substring or fuzzy matching, and dated snapshots are never cut down to
 * their base model because snapshots can be priced differently:
 * - the id qualified by the record's provider (`azure/gpt-4o`), then the id as written (an ARN: its last
 *   segment). A record whose provider resells other makers' models (Azure, Vertex AI) takes the bare id only
 *   for that provider's own entries; other providers constrain nothing, because adapters name the API format's
 *   maker ("openai" for an OpenAI-format log of any model);
 * - the id with namespace prefixes removed one at a time, each removal kept only onto an entry the namespace
 *   sells at that price (`openai/gpt-4o` is OpenAI's; `azure/mistral-large-latest` is not Mistral's);
 * - for an OpenAI fine-tune (`ft:gpt-4o-mini-2024-07-18:org::id`), the catalog's fine-tuned rates of its base
 *   (`ft:gpt-4o-mini-2024-07-18`), never the base model's own.
 */
export function lookupKeys(model: string, provider?: string | null): LookupKey[] {
  const keys: LookupKey[] = [];
  const push = (key: string, sellers: readonly string[] | undefined) => {
    if (!key || keys.some((k) => k.key === key)) return;
    keys.push(sellers ? { key, sellers } : { key });
    const base = fineTuneBase(key);
    if (base) push(`ft:${base}`, sellers);
  };
  const m = withoutArn(model.trim().toLowerCase());
  const p = provider?.trim().toLowerCase();
  const reseller = p ? namespaceOfProvider(p) : undefined;
  const qualified = p !== undefined && m.startsWith(`${p}/`);
  if (p && !qualified) push(`${p}/${m}`, undefined);
  // A reseller's record whose id the log wrote bare may be priced only as that reseller's own entries.
  let sellers = reseller?.reseller && reseller.sells !== 'pass-through' && !qualified ? reseller.sells : undefined;
  push(m, sellers);
  for (let rest = m, s = stripNamespace(rest); s; s = stripNamespace(rest)) {
    rest = s.rest;
    if (s.namespace.sells !== 'pass-through')
      sellers = sellers ? sellers.filter((x) => (s.namespace.sells as readonly string[]).includes(x)) : s.namespace.sells;
    push(rest, sellers);
  }
  return keys;
}

/** The entry an exact name denotes at `ts`: an id, an alias, or a dated alias in force then (now, without a time). */
function entryNamed(catalog: Catalog, key: string, ts: number | undefined): ModelPrice | undefined {
  const hit = catalog.byId.get(key) ?? catalog.byAlias.get(key);
  if (hit) return hit;
  const windows = catalog.byDatedAlias.get(key);
  if (!windows) return undefined;
  const at = ts ?? Date.now();
  return windows.find((w) => at >= w.fromMs && at < w.untilMs)?.entry;
}

function allowed(entry: ModelPrice, sellers: readonly string[] | undefined): boolean {
  // The user's own prices (config) apply under any prefix they are looked up with.
  return sellers === undefined || entry.origin === 'config' || sellers.includes(entry.provider.toLowerCase());
}

/**
 * Resolves a model to a catalog entry by exact id or alias, as a function of the request's time (dated
 * aliases). The names are worked out once; when none is a dated alias the answer does not depend on time.
 */
export function modelResolver(catalog: Catalog, model: string, provider?: string | null): (ts?: number) => ModelPrice | undefined {
  const keys = lookupKeys(model, provider);
  const find = (ts: number | undefined) => {
    for (const { key, sellers } of keys) {
      const hit = entryNamed(catalog, key, ts);
      if (hit && allowed(hit, sellers)) return hit;
    }
    return undefined;
  };
  if (!keys.some((k) => catalog.byDatedAlias.has(k.key))) {
    const fixed = find(undefined);
    return () => fixed;
  }
  return find;
}

/** Resolves a record's model to a catalog entry by exact id or alias, or returns undefined (unpriced). */
export function resolveModel(catalog: Catalog, model: string, provider?: string | null, ts?: number): ModelPrice | undefined {
  return modelResolver(catalog, model, provider)(ts);
}
