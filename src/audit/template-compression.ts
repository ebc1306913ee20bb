import type { TemplatePromptRow } from '../db/queries.js';
import type { PricedRecord } from '../pricing/price.js';
import type { Priced } from '../pricing/pricer.js';
import { compressText, type CompressSettings } from '../prompt/pipeline.js';
import type { PassId } from '../prompt/passes/index.js';
import type { EncodingName } from '../tokens/count.js';
import type { Counters } from '../tokens/measure.js';
import { DAYS_PER_MONTH, perMonth } from '../usage/periods.js';
import { exactUsd } from '../util/numbers.js';
import { findTemplates, templateMembers, type PrefixBlocks } from './templates.js';

/**
 * `compress --top N`: the N costliest prompt templates (the audit's, templates.ts), each one's shared prefix
 * compressed with the passes `compress FILE` runs, and what each pass saves per 30-day month on the template's
 * real calls. Pure: rows, the block tree, the kept texts, the counters and a pricer in.
 *
 * What is compressed is the template's stable prefix: the longest start that every kept prompt text of the
 * template has, cut back to the end of its last whole line (the varying tail differs per call: compressing one
 * call's question says nothing of the next). The saving of a request is its cost as logged less its cost with
 * the saved tokens taken out of its prompt, priced by the same pricer as ingest (its model, time, tier, batch,
 * speed). The prefix opens the prompt, so the saved tokens come out of the parts billed first: the provider's
 * cache read, then cache writes (1-hour before 5-minute, as Anthropic orders breakpoints), then plain input, in
 * proportion to how much of the prefix each part covers (the passes' cuts are taken as spread evenly over it).
 */

/** How a model's tokens are counted: its own encoding, or the stand-in when its tokenizer is not public. */
export interface ModelCounting {
  encoding: EncodingName;
  estimate: boolean;
}

export interface TopTemplatesInput {
  rows: TemplatePromptRow[];
  tree: PrefixBlocks;
  /** The kept prompt texts of these records (missing ones are not yielded). */
  texts: (rids: number[]) => Iterable<{ rid: number; text: string }>;
  top: number;
  /** Days of history in scope: calls and dollars per month are scaled by 30 / spanDays. */
  spanDays: number;
  /** The pass settings of `compress`; `rate` (a share to keep) becomes each prefix's own token target. */
  settings: Omit<CompressSettings, 'targetTokens'> & { targetTokens: number | null; rate: number | null };
  counters: Counters;
  /** The encoding targets and previews count in: o200k_base, the encoding of prompt fingerprints. */
  primary: EncodingName;
  countingOf: (model: string) => ModelCounting;
  price: (r: PricedRecord & { model: string; provider: string | null }) => Priced;
}

export interface TemplatePass {
  id: PassId;
  label: string;
  status: 'ran' | 'off' | 'target-reached' | 'not-applicable' | 'reverted';
  /** Tokens the pass took off the prefix, per encoding. */
  saved: Partial<Record<EncodingName, number>>;
  /** Dollars the pass alone saves per 30-day month on the template's calls. */
  monthlyUsd: number;
}

export interface TemplateModelSaving {
  model: string;
  encoding: EncodingName;
  estimate: boolean;
  calls: number;
  callsPerMonth: number;
  /** Tokens saved on each call's prefix, in the model's encoding. */
  savedTokensPerCall: number;
  monthlyUsd: number;
}

export interface CompressedTemplate {
  rank: number;
  /** The template's prefix block id (as the audit's templates). */
  block: number;
  /** The start of the stable prefix, whitespace collapsed, for a name. */
  preview: string;
  calls: number;
  callsPerMonth: number;
  costUsd: number;
  models: string[];
  /** Calls whose prompt text is kept: the stable prefix is read from these. */
  storedCalls: number;
  /**
   * compressed; no-stored-text: none of its calls has text kept; one-stored-text: a single text cannot tell the
   * shared prefix from the varying tail; no-shared-line: the kept texts share no whole line.
   */
  status: 'compressed' | 'no-stored-text' | 'one-stored-text' | 'no-shared-line';
  prefix: { characters: number; before: Partial<Record<EncodingName, number>>; after: Partial<Record<EncodingName, number>> } | null;
  /** Prompt tokens of its calls read from a provider cache, over all their prompt tokens. */
  cachedShare: number;
  passes: TemplatePass[];
  byModel: TemplateModelSaving[];
  /** Calls the catalog cannot price: no dollars for them. */
  unpricedCalls: number;
  monthlyUsd: number;
}

export interface TopTemplates {
  top: number;
  spanDays: number;
  daysPerMonth: number;
  /** Requests in scope whose prompt reaches a cache boundary (the templates are found among these). */
  fingerprintedRequests: number;
  templates: CompressedTemplate[];
}

const PREVIEW_CHARACTERS = 60;

/**
 * The longest start every text shares, cut back to the end of its last whole line (the line it stops in differs
 * per call), trailing blanks dropped; whole when every text is that same text.
 */
export function stablePrefix(texts: Iterable<string>): string {
  let shared: string | null = null;
  let identical = true;
  for (const t of texts) {
    if (shared === null) {
      shared = t;
      continue;
    }
    let i = 0;
    const n = Math.min(shared.length, t.length);
    while (i < n && shared.charCodeAt(i) === t.charCodeAt(i)) i++;
    if (i < shared.length || i < t.length) identical = false;
    shared = shared.slice(0, i);
  }
  if (shared === null) return '';
  if (identical) return shared.trimEnd();
  const cut = shared.lastIndexOf('\n');
  return cut < 0 ? '' : shared.slice(0, cut).trimEnd();
}

/** The request's prompt with `saved` tokens taken out of the parts its first `prefix` tokens were billed as. */
export function withoutSaved<T extends PricedRecord>(r: T, prefix: number, saved: number): T {
  const parts = [r.cacheReadTokens, r.cacheWrite1hTokens, r.cacheWrite5mTokens, r.inputTokens];
  const covered: number[] = [];
  let at = 0;
  for (const p of parts) {
    covered.push(Math.max(0, Math.min(at + p, prefix) - at));
    at += p;
  }
  const total = covered.reduce((a, b) => a + b, 0);
  if (total === 0 || saved <= 0) return r;
  const cut = covered.map((c) => (Math.min(saved, total) * c) / total);
  return {
    ...r,
    cacheReadTokens: r.cacheReadTokens - cut[0]!,
    cacheWrite1hTokens: r.cacheWrite1hTokens - cut[1]!,
    cacheWrite5mTokens: r.cacheWrite5mTokens - cut[2]!,
    inputTokens: r.inputTokens - cut[3]!,
  };
}

export function compressTopTemplates(input: TopTemplatesInput): TopTemplates {
  const report = findTemplates(input.rows, input.tree, input.top);
  const members = templateMembers(input.rows, input.tree);
  const templates = report.templates.map((summary, k): CompressedTemplate => {
    const calls = members.get(summary.block)!;
    const base = {
      rank: k + 1,
      block: summary.block,
      calls: calls.length,
      callsPerMonth: perMonth(calls.length, input.spanDays),
      costUsd: summary.costUsd,
      models: summary.models,
      cachedShare: summary.cachedShare,
      storedCalls: calls.filter((r) => r.stored).length,
    };
    const empty = { preview: '', prefix: null, passes: [], byModel: [], unpricedCalls: 0, monthlyUsd: 0 };
    if (base.storedCalls === 0) return { ...base, ...empty, status: 'no-stored-text' };
    if (base.storedCalls === 1) return { ...base, ...empty, status: 'one-stored-text' };
    // Newest first: the latest call's text is the one the others cut down to what they all share.
    const rids = calls
      .filter((r) => r.stored)
      .sort((a, b) => b.ts - a.ts || b.rid - a.rid)
      .map((r) => r.rid);
    const prefix = stablePrefix(textsOnly(input.texts(rids)));
    if (prefix === '') return { ...base, ...empty, status: 'no-shared-line' };
    return { ...base, ...compressTemplate(input, calls, prefix), status: 'compressed' };
  });
  return { top: input.top, spanDays: input.spanDays, daysPerMonth: DAYS_PER_MONTH, fingerprintedRequests: report.fingerprintedRequests, templates };
}

function* textsOnly(rows: Iterable<{ text: string }>): Generator<string> {
  for (const r of rows) yield r.text;
}

function compressTemplate(
  input: TopTemplatesInput,
  calls: TemplatePromptRow[],
  prefix: string,
): Pick<CompressedTemplate, 'preview' | 'prefix' | 'passes' | 'byModel' | 'unpricedCalls' | 'monthlyUsd'> {
  const primaryCount = input.counters.get(input.primary)!;
  const { rate, ...settings } = input.settings;
  const targetTokens = rate !== null ? Math.floor(rate * primaryCount(prefix)) : settings.targetTokens;
  const outcome = compressText(prefix, { ...settings, targetTokens }, input.counters, input.primary);
  const monthly = (usd: number) => exactUsd(perMonth(usd, input.spanDays));
  const saved: Partial<Record<EncodingName, number>> = {};
  for (const e of Object.keys(outcome.before) as EncodingName[]) saved[e] = (outcome.before[e] ?? 0) - (outcome.after[e] ?? 0);

  /** Dollars saved over these calls when each call's prefix loses `cut` tokens of its model's encoding; unpriced calls count none. */
  const savingOf = (list: TemplatePromptRow[], cut: Partial<Record<EncodingName, number>>): { usd: number; unpriced: number } => {
    let usd = 0;
    let unpriced = 0;
    for (const r of list) {
      const { encoding } = input.countingOf(r.model);
      const before = input.price({ ...r, model: r.writtenModel });
      if (before.costUsd === null) {
        unpriced++;
        continue;
      }
      const after = input.price({ ...withoutSaved(r, outcome.before[encoding] ?? 0, cut[encoding] ?? 0), model: r.writtenModel });
      usd += before.costUsd - (after.costUsd ?? before.costUsd);
    }
    return { usd, unpriced };
  };
  const total = savingOf(calls, saved);
  const byModel = new Map<string, TemplatePromptRow[]>();
  for (const r of calls) {
    let list = byModel.get(r.model);
    if (!list) byModel.set(r.model, (list = []));
    list.push(r);
  }
  return {
    // By code point, so that the cut never splits a character.
    preview: Array.from(prefix.replace(/\s+/g, ' ')).slice(0, PREVIEW_CHARACTERS).join(''),
    prefix: { characters: prefix.length, before: outcome.before, after: outcome.after },
    passes: outcome.passes.map((p) => ({
      id: p.id,
      label: p.label,
      status: p.status,
      saved: p.saved,
      monthlyUsd: p.status === 'ran' ? monthly(savingOf(calls, p.saved).usd) : 0,
    })),
    byModel: [...byModel]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([model, list]) => {
        const counting = input.countingOf(model);
        return {
          model,
          encoding: counting.encoding,
          estimate: counting.estimate,
          calls: list.length,
          callsPerMonth: perMonth(list.length, input.spanDays),
          savedTokensPerCall: saved[counting.encoding] ?? 0,
          monthlyUsd: monthly(savingOf(list, saved).usd),
        };
      }),
    unpricedCalls: total.unpriced,
    monthlyUsd: monthly(total.usd),
  };
}

/** The `compress --top` report: the templates and the scope they were found in. */
export interface CompressTopDocument extends TopTemplates {
  scope: { since: string | null; until: string | null; tz: string };
}
