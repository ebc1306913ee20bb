import type { EncodingName } from '../tokens/count.js';
import { isSubMultiset } from './guard.js';
import { PASSES, type PassId } from './passes/index.js';
import { isYamlDocument } from './passes/structured.js';
import { normalizeWhitespace } from './passes/whitespace.js';
import { findSpans, mask, sentinelCounts, unmask, unmaskRaw, type Masked } from './spans.js';

/** Below this many tokens a prompt is left alone: there is too little to gain and too much to lose. */
export const SHORT_PROMPT_TOKENS = 20;

export interface CompressSettings {
  /** The passes to run (the others are reported as off). */
  passes: ReadonlySet<PassId>;
  /** For the examples pass: how many few-shot examples to keep. */
  keepExamples: number;
  /** Stop once the prompt has at most this many tokens (in the primary encoding); null: run every pass. */
  targetTokens: number | null;
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
  if ((before[primary] ?? 0) < SHORT_PROMPT_TOKENS) return result(input, 'short');

  let text = masked.text;
  let current = base;
  let tokens = count(base);
  const ctx = { masked, keepExamples: settings.keepExamples };
  PASSES.forEach((pass, i) => {
    const outcome = passes[i]!;
    if (!outcome.enabled) return;
    if (document !== 'text' && !pass.structured) return void (outcome.status = 'not-applicable');
    if (settings.targetTokens !== null && tokens <= settings.targetTokens) return void (outcome.status = 'target-reached');
    const next = pass.run(text, ctx);
    const restored = unmask(next, masked);
    const nextTokens = count(restored);
    if (nextTokens > tokens || restored.length > current.length || !spansKept(text, next, pass.removes, masked, restored)) return void (outcome.status = 'reverted');
    outcome.status = 'ran';
    outcome.saved = minus(countAll(current, counters), countAll(restored, counters));
    outcome.characters = current.length - restored.length;
    if (pass.warning) outcome.warning = pass.warning;
    text = next;
    current = restored;
    tokens = nextTokens;
  });

  // Removals can leave double spaces and stacked blank lines: the whitespace pass tidies them at the end.
  const ws = passes.find((p) => p.id === 'whitespace')!;
  if (ws.status === 'ran') {
    const tidy = normalizeWhitespace(text);
    const restored = unmask(tidy, masked);
    if (tidy !== text && count(restored) <= tokens && restored.length <= current.length) {
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
