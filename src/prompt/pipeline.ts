import { isDeepStrictEqual } from 'node:util';
import { parse as parseYaml } from 'yaml';
import type { EncodingName } from '../tokens/count.js';
import { isSubMultiset } from './guard.js';
import { PASSES, type Pass, type PassId } from './passes/index.js';
import { isYamlDocument } from './passes/structured.js';
import { normalizeWhitespace } from './passes/whitespace.js';
import { findSpans, mask, sentinelCounts, unmask, unmaskRaw, type Masked } from './spans.js';

/** Below this many tokens a prompt is left alone: there is too little to gain and too much to lose. */
export const SHORT_PROMPT_TOKENS = 20;

export interface CompressSettings {
  /**
   * The passes to run (the others are reported as off). Without a target they run in table order; with one,
   * the pass that saves the most tokens per unit of its risk goes next, until the target is reached.
   */
  passes: ReadonlySet<PassId>;
  /** For the examples pass: how many few-shot examples to keep. */
  keepExamples: number;
  /** Stop once the prompt has at most this many tokens (in the primary encoding); null: run every pass. */
  targetTokens: number | null;
  /**
   * The text is one message of a conversation: the short-prompt rule (SHORT_PROMPT_TOKENS) was applied to the
   * conversation as a whole, and a short message in a long conversation is compressed like the rest.
   */
  message?: boolean;
}

export type Count = (text: string) => number;

export interface PassOutcome {
  id: PassId;
  label: string;
  enabled: boolean;
  /** What happened: ran (saved may be 0), off, skipped because the target was reached, not applicable to JSON/YAML, or undone. */
  status: 'ran' | 'off' | 'target-reached' | 'not-applicable' | 'reverted';
  /** Tokens saved in each encoding (0 unless it ran). */
  saved: Partial<Record<EncodingName, number>>;
  characters: number;
  warning?: string;
}

export interface CompressOutcome {
  input: string;
  output: string;
  document: 'text' | 'json' | 'yaml' | 'chat';
  /** Chat files: the messages as "role: content" text before and after, for the diff (plain text diffs input and output). */
  readable?: { before: string; after: string };
  protectedSpans: number;
  before: Partial<Record<EncodingName, number>>;
  after: Partial<Record<EncodingName, number>>;
  /** Tokens the [[keep]] markers took (they are not written out). */
  markers: Partial<Record<EncodingName, number>>;
  passes: PassOutcome[];
  /** Why the text was left as it was, if it was. */
  unchanged: 'short' | 'nothing-to-remove' | null;
  targetTokens: number | null;
  targetReached: boolean | null;
}

function documentKind(text: string): 'text' | 'json' | 'yaml' {
  if (/^\s*[{[]/.test(text)) {
    try {
      JSON.parse(text);
      return 'json';
    } catch {
      // not JSON after all
    }
  }
  return isYamlDocument(text) ? 'yaml' : 'text';
}

/** The data of a JSON or YAML document (undefined when it does not parse). */
function dataOf(text: string, kind: 'json' | 'yaml'): unknown {
  try {
    return kind === 'json' ? JSON.parse(text) : parseYaml(text);
  } catch {
    return undefined;
  }
}

function countAll(text: string, counters: ReadonlyMap<EncodingName, Count>): Partial<Record<EncodingName, number>> {
  const out: Partial<Record<EncodingName, number>> = {};
  for (const [name, count] of counters) out[name] = count(text);
  return out;
}

function minus(a: Partial<Record<EncodingName, number>>, b: Partial<Record<EncodingName, number>>): Partial<Record<EncodingName, number>> {
  const out: Partial<Record<EncodingName, number>> = {};
  for (const k of Object.keys(a) as EncodingName[]) out[k] = (a[k] ?? 0) - (b[k] ?? 0);
  return out;
}

/**
 * True when every span of `before` is still in `after`: as often, for passes that only rewrite; for passes that
 * remove repeats, each span still somewhere in the restored text (as itself, or inside a longer span: "never
 * share" inside "must never share"); for opt-in pruning, no span that was not there before.
 */
function spansKept(before: string, after: string, removes: 'none' | 'repeats' | 'any', masked: Masked, restored: string): boolean {
  const b = sentinelCounts(before);
  const a = sentinelCounts(after);
  if (!isSubMultiset(a, b)) return false;
  if (removes === 'any') return true;
  if (removes === 'repeats') {
    const lower = restored.toLowerCase();
    return [...b.keys()].every((k) => a.has(k) || lower.includes(unmaskRaw(k, masked).toLowerCase()));
  }
  return b.size === a.size && [...b].every(([k, v]) => a.get(k) === v);
}

/**
 * Runs the enabled passes over a prompt, in order, and measures each. `primary` is the encoding the target and
 * the per-pass guard use. A pass whose result would be longer (in characters or primary tokens) or would lose a
 * protected span is undone. The output is never longer than the input, in characters or in any encoding.
 */
export function compressText(input: string, settings: CompressSettings, counters: ReadonlyMap<EncodingName, Count>, primary: EncodingName): CompressOutcome {
  const count = counters.get(primary)!;
  const before = countAll(input, counters);
  const document = documentKind(input);
  const masked: Masked = mask(input, findSpans(input));
  const base = unmask(masked.text, masked);
  const passes: PassOutcome[] = PASSES.map((p) => ({ id: p.id, label: p.label, enabled: settings.passes.has(p.id), status: 'off', saved: {}, characters: 0 }));
  const result = (output: string, unchanged: CompressOutcome['unchanged']): CompressOutcome => {
    const after = countAll(output, counters);
    return {
      input,
      output,
      document,
      protectedSpans: masked.spans.length,
      before,
      after,
      markers: minus(before, countAll(base, counters)),
      passes,
      unchanged,
      targetTokens: settings.targetTokens,
      targetReached: settings.targetTokens === null ? null : (after[primary] ?? 0) <= settings.targetTokens,
    };
  };
  if (settings.message !== true && (before[primary] ?? 0) < SHORT_PROMPT_TOKENS) return result(input, 'short');

  const data = document === 'json' || document === 'yaml' ? { kind: document, value: dataOf(input, document) } : null;
  let text = masked.text;
  let current = base;
  let tokens = count(base);
  const ctx = { masked, keepExamples: settings.keepExamples, document };
  /** The pass's result on the current text, or why it is refused. */
  const attempt = (pass: Pass) => {
    const next = pass.run(text, ctx);
    const restored = unmask(next, masked);
    const nextTokens = count(restored);
    if (nextTokens > tokens || restored.length > current.length || !spansKept(text, next, pass.removes, masked, restored)) return null;
    // A JSON or YAML document must still hold the same data (collapsing the spaces of "-   key:" would not).
    if (data !== null && !isDeepStrictEqual(dataOf(unmaskRaw(next, masked), data.kind), data.value)) return null;
    return { next, restored, nextTokens };
  };
  const apply = (i: number, r: NonNullable<ReturnType<typeof attempt>>) => {
    const outcome = passes[i]!;
    outcome.status = 'ran';
    outcome.saved = minus(countAll(current, counters), countAll(r.restored, counters));
    outcome.characters = current.length - r.restored.length;
    if (PASSES[i]!.warning) outcome.warning = PASSES[i]!.warning;
    text = r.next;
    current = r.restored;
    tokens = r.nextTokens;
  };
  const runnable = PASSES.map((pass, i) => {
    const outcome = passes[i]!;
    if (!outcome.enabled) return false;
    if (pass.chatOnly || (document !== 'text' && !pass.structured)) {
      outcome.status = 'not-applicable';
      return false;
    }
    return true;
  });
  if (settings.targetTokens === null) {
    // Every pass, in order.
    PASSES.forEach((pass, i) => {
      if (!runnable[i]) return;
      const r = attempt(pass);
      if (r === null) passes[i]!.status = 'reverted';
      else apply(i, r);
    });
  } else {
    // Toward a target: at each step the pass that saves the most tokens per unit of risk, until the target is
    // reached or no pass saves anything more.
    const target = settings.targetTokens;
    const left = new Set(PASSES.flatMap((_, i) => (runnable[i] ? [i] : [])));
    while (left.size > 0 && tokens > target) {
      let best: { i: number; r: NonNullable<ReturnType<typeof attempt>>; score: number } | null = null;
      for (const i of left) {
        const r = attempt(PASSES[i]!);
        if (r === null) {
          passes[i]!.status = 'reverted';
          left.delete(i);
          continue;
        }
        const score = (tokens - r.nextTokens) / PASSES[i]!.risk;
        if (score > 0 && (best === null || score > best.score)) best = { i, r, score };
      }
      if (best === null) break;
      apply(best.i, best.r);
      left.delete(best.i);
    }
    // What was not needed, or saved nothing more: reported as such.
    for (const i of left) passes[i]!.status = tokens <= target ? 'target-reached' : 'ran';
  }

  // Removals can leave double spaces and stacked blank lines: the whitespace pass tidies them at the end.
  const ws = passes.find((p) => p.id === 'whitespace')!;
  if (ws.status === 'ran') {
    const tidy = normalizeWhitespace(text);
    const restored = unmask(tidy, masked);
    if (
      tidy !== text &&
      count(restored) <= tokens &&
      restored.length <= current.length &&
      (data === null || isDeepStrictEqual(dataOf(unmaskRaw(tidy, masked), data.kind), data.value))
    ) {
      const extra = minus(countAll(current, counters), countAll(restored, counters));
      for (const k of Object.keys(extra) as EncodingName[]) ws.saved[k] = (ws.saved[k] ?? 0) + (extra[k] ?? 0);
      ws.characters += current.length - restored.length;
      text = tidy;
      current = restored;
    }
  }
  if (text === masked.text) return result(base, 'nothing-to-remove');
  // The promise: never longer than the input, in characters or in any encoding's tokens.
  const after = countAll(current, counters);
  const longer = current.length > input.length || (Object.keys(before) as EncodingName[]).some((k) => (after[k] ?? 0) > (before[k] ?? 0));
  return longer ? result(input, 'nothing-to-remove') : result(current, null);
}
