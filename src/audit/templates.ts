import type { TemplateRow } from '../db/queries.js';

/**
 * Prompt templates, found from prompt fingerprints: requests whose prompts share a long prefix (to a cache
 * boundary, at least the first one: 1,024 tokens) are one template. Per template: what it costs, how much of
 * its prompts the shared prefix is, how much of it came from a prompt cache, and the requests that missed a
 * cache a request of the same template and model had filled minutes earlier. Pure: rows and the block tree in.
 */

export interface PrefixBlocks {
  parent: Int32Array;
  tokens: Int32Array;
}

export interface TemplateSummary {
  /** The template's shared prefix: its block id and length in tokens. */
  block: number;
  prefixTokens: number;
  models: string[];
  requests: number;
  costUsd: number;
  /** The shared prefix over the mean prompt of its requests. */
  stablePrefixShare: number;
  /** Prompt tokens of its requests read from a prompt cache, over all their prompt tokens. */
  cachedShare: number;
  /** Requests that read nothing from cache although one of the same template and model filled it within 5 minutes. */
  missedWarmCache: number;
}

export interface TemplateReport {
  fingerprintedRequests: number;
  templates: TemplateSummary[];
}

/** The provider caches' shortest lifetime: a request within it of a cached one finds the cache warm. */
const WARM_MS = 5 * 60_000;

/**
 * The requests of each template, by its block: a request's template is the deepest block on its prompt's path
 * that another request also reaches; requests that share no boundary with any other have none.
 */
export function templateMembers<R extends Pick<TemplateRow, 'leaf'>>(rows: R[], tree: PrefixBlocks): Map<number, R[]> {
  const reach = new Int32Array(tree.parent.length);
  for (const r of rows) for (let b = r.leaf; b >= 0; b = tree.parent[b]!) reach[b]!++;
  const byTemplate = new Map<number, R[]>();
  for (const r of rows) {
    let b = r.leaf;
    while (b >= 0 && reach[b]! < 2) b = tree.parent[b]!;
    if (b < 0) continue;
    let list = byTemplate.get(b);
    if (!list) byTemplate.set(b, (list = []));
    list.push(r);
  }
  return byTemplate;
}

/**
 * Each request's template is the deepest block on its prompt's path that another request also reaches; requests
 * that share no boundary with any other have none. Templates are ranked by cost; at most `limit` are returned.
 */
export function findTemplates(rows: TemplateRow[], tree: PrefixBlocks, limit = 20): TemplateReport {
  const templates: TemplateSummary[] = [];
  for (const [block, list] of templateMembers(rows, tree)) {
    list.sort((a, b) => a.ts - b.ts);
    let prompt = 0;
    let read = 0;
    let cost = 0;
    let missed = 0;
    const lastFilled = new Map<string, number>();
    for (const r of list) {
      prompt += r.promptTokens;
      read += r.cacheReadTokens;
      cost += r.costUsd;
      const filled = lastFilled.get(r.model);
      if (r.cacheReadTokens === 0 && filled !== undefined && r.ts - filled <= WARM_MS) missed++;
      if (r.cacheReadTokens > 0 || r.cacheWriteTokens > 0) lastFilled.set(r.model, r.ts);
    }
    const prefixTokens = tree.tokens[block]!;
    templates.push({
      block,
      prefixTokens,
      models: [...new Set(list.map((r) => r.model))].sort(),
      requests: list.length,
      costUsd: cost,
      stablePrefixShare: prompt > 0 ? Math.min(1, (prefixTokens * list.length) / prompt) : 0,
      cachedShare: prompt > 0 ? read / prompt : 0,
      missedWarmCache: missed,
    });
  }
  templates.sort((a, b) => b.costUsd - a.costUsd || b.requests - a.requests || a.block - b.block);
  return { fingerprintedRequests: rows.length, templates: templates.slice(0, limit) };
}
