import type { Catalog } from '../catalog/catalog.js';
import type { LongContextTier, ModelPrice, RateCard, RateSet } from '../catalog/types.js';
import { termText } from './escape.js';
import { documentJson, int, perMillion } from '../util/numbers.js';
import { fit, textTable } from './format.js';
import { rendererOf, type Renderers } from './renderer.js';

/** `catalog list`: the catalog's layers and the models listed. */
export interface CatalogListing {
  snapshot: string;
  layers: string[];
  models: ModelPrice[];
}

export const CATALOG_LIST_RENDERERS: Renderers<'catalogList', CatalogListing> = {
  table: (doc) => catalogListTable(doc),
  json: (doc) => documentJson(doc),
};

export const CATALOG_MODEL_RENDERERS: Renderers<'catalogModel', ModelPrice> = {
  table: (m) => catalogModelTable(m),
  json: (m) => documentJson(m),
};

export function renderCatalogList(models: ModelPrice[], catalog: Catalog, format: string): string {
  return rendererOf('catalogList', CATALOG_LIST_RENDERERS, format)({ snapshot: catalog.snapshot, layers: catalog.layers, models }, {});
}

export function renderCatalogShow(m: ModelPrice, format: string): string {
  return rendererOf('catalogModel', CATALOG_MODEL_RENDERERS, format)(m, {});
}

function catalogListTable({ layers, models }: CatalogListing): string {
  const rows = models.map((m) => [
    fit(m.id, 34),
    m.provider,
    perMillion(m.standard.input),
    perMillion(m.standard.cacheRead),
    perMillion(m.standard.output),
    m.asOf,
  ]);
  const head = `Catalog: ${termText(layers.join(' + '))}; ${models.length} models; USD per 1M tokens\n`;
  return `${head}${textTable(['Model', 'Provider', 'Input', 'Cached', 'Output', 'As of'], rows, { indent: '' }).join('\n')}\n`;
}

function rateLines(label: string, r: RateSet): string[] {
  const parts: [string, number | undefined][] = [
    ['input', r.input],
    ['output', r.output],
    ['cache read', r.cacheRead],
    ['cache write 5m', r.cacheWrite5m],
    ['cache write 1h', r.cacheWrite1h],
    ['reasoning', r.reasoning],
  ];
  return [label, ...parts.filter(([, v]) => v !== undefined).map(([k, v]) => `  ${k.padEnd(16)}${perMillion(v)}`)];
}

function tiers(t: LongContextTier | LongContextTier[] | undefined): LongContextTier[] {
  return t === undefined ? [] : Array.isArray(t) ? t : [t];
}

function rateCardLines(m: RateCard, indent = ''): string[] {
  const out: string[] = [];
  out.push(...rateLines('Standard', m.standard));
  if (m.batch) out.push(...rateLines('Batch', m.batch));
  else out.push('Batch', '  50% of the standard rates (no published batch rates)');
  if (m.flex) out.push(...rateLines('Flex', m.flex));
  if (m.priority) out.push(...rateLines('Priority', m.priority));
  for (const t of tiers(m.longContext)) out.push(...rateLines(`Prompts above ${int(t.threshold)} tokens`, t));
  for (const t of tiers(m.longContextPriority)) out.push(...rateLines(`Priority, prompts above ${int(t.threshold)} tokens`, t));
  for (const t of tiers(m.longContextFlex)) out.push(...rateLines(`Flex, prompts above ${int(t.threshold)} tokens`, t));
  if (m.fastMultiplier !== undefined) out.push('Fast mode', `  ${m.fastMultiplier}× every rate above`);
  return out.map((l) => `${indent}${l}`);
}

function catalogModelTable(m: ModelPrice): string {
  const out = [`${m.id} (${m.provider})${m.deprecated ? ' [deprecated]' : ''}`, 'USD per 1M tokens', ''];
  out.push(...rateCardLines(m));
  for (const card of [...(m.history ?? [])].reverse()) {
    out.push('', `Until ${card.until} (${card.source})`, ...rateCardLines(card, '  '));
    if (card.notes) out.push(`  ${card.notes}`);
  }
  out.push('');
  if (m.contextWindow) out.push(`Context window   ${int(m.contextWindow)}`);
  if (m.maxOutputTokens) out.push(`Max output       ${int(m.maxOutputTokens)}`);
  if (m.cacheMinTokens) out.push(`Min cacheable    ${int(m.cacheMinTokens)}`);
  if (m.aliases?.length) out.push(`Aliases          ${m.aliases.join(', ')}`);
  for (const d of m.datedAliases ?? [])
    out.push(`Alias            ${d.alias} ${d.from ? `from ${d.from}` : ''}${d.from && d.until ? ' ' : ''}${d.until ? `until ${d.until}` : ''}`);
  out.push(`Source           ${m.source}`, `As of            ${m.asOf}`);
  if (m.notes) out.push(`Notes            ${m.notes}`);
  // Entries of a --catalog file are text of whoever wrote it: every line is made terminal-safe.
  return `${out.map(termText).join('\n')}\n`;
}
