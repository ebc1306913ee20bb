import type { Catalog } from '../catalog/catalog.js';
import type { LongContextTier, ModelPrice, RateSet } from '../catalog/types.js';
import { termText } from './escape.js';
import { fit, int, perMillion, textTable } from './format.js';

export function renderCatalogList(models: ModelPrice[], catalog: Catalog, format: string): string {
  if (format === 'json') return `${JSON.stringify({ snapshot: catalog.snapshot, layers: catalog.layers, models }, null, 2)}\n`;
  const rows = models.map((m) => [fit(m.id, 34), m.provider, perMillion(m.standard.input), perMillion(m.standard.cacheRead), perMillion(m.standard.output), m.asOf]);
  const head = `Catalog: ${termText(catalog.layers.join(' + '))}; ${models.length} models; USD per 1M tokens\n`;
  return `${head}${textTable(['Model', 'Provider', 'Input', 'Cached', 'Output', 'As of'], rows, '').join('\n')}\n`;
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

export function renderCatalogShow(m: ModelPrice, format: string): string {
  if (format === 'json') return `${JSON.stringify(m, null, 2)}\n`;
  const out = [`${m.id} (${m.provider})${m.deprecated ? ' [deprecated]' : ''}`, 'USD per 1M tokens', ''];
  out.push(...rateLines('Standard', m.standard));
  if (m.batch) out.push(...rateLines('Batch', m.batch));
  else out.push('Batch', '  50% of the standard rates (no published batch rates)');
  if (m.flex) out.push(...rateLines('Flex', m.flex));
  if (m.priority) out.push(...rateLines('Priority', m.priority));
  for (const t of tiers(m.longContext)) out.push(...rateLines(`Prompts above ${int(t.threshold)} tokens (all components)`, t));
  for (const t of tiers(m.longContextPriority)) out.push(...rateLines(`Priority, prompts above ${int(t.threshold)} tokens`, t));
  out.push('');
  if (m.contextWindow) out.push(`Context window   ${int(m.contextWindow)}`);
  if (m.maxOutputTokens) out.push(`Max output       ${int(m.maxOutputTokens)}`);
  if (m.cacheMinTokens) out.push(`Min cacheable    ${int(m.cacheMinTokens)}`);
  if (m.aliases?.length) out.push(`Aliases          ${m.aliases.join(', ')}`);
  out.push(`Source           ${m.source}`, `As of            ${m.asOf}`);
  if (m.notes) out.push(`Notes            ${m.notes}`);
  // Entries of a --catalog file are text of whoever wrote it: every line is made terminal-safe.
  return `${out.map(termText).join('\n')}\n`;
}
