import type { EncodingName } from '../tokens/count.js';
import { countChatTokens } from '../tokens/chat.js';
import { chatAsText, chatMessagesOf, parseChatMessages } from '../tokens/chat-messages.js';
import { collapseTurns } from './passes/chat-turns.js';
import { compressText, SHORT_PROMPT_TOKENS, type CompressOutcome, type CompressSettings, type Count } from './pipeline.js';

type Counts = Partial<Record<EncodingName, number>>;

function add(into: Counts, from: Counts): void {
  for (const [k, v] of Object.entries(from) as [EncodingName, number][]) into[k] = (into[k] ?? 0) + v;
}

function chatTokens(raw: unknown[], counters: ReadonlyMap<EncodingName, Count>): Counts {
  const messages = parseChatMessages(raw);
  const out: Counts = {};
  for (const [name, count] of counters) out[name] = countChatTokens(messages, count);
  return out;
}

/** The indentation a JSON text was written with (0: one line). */
function indentOf(text: string): number {
  return /\n( +)["{[]/.exec(text)?.[1]?.length ?? 0;
}

/**
 * A chat-message file: each message's text (a string content, or each text part) goes through the pipeline
 * on its own; the roles, names, tool calls and every other field are kept. Tokens are the conversation's as
 * the model sees it (chat overhead included), and the passes' savings are summed over the messages. The file
 * is written back as JSON in its own indentation, or on one line when that would be longer than the input.
 * Returns null when the text is not a chat-message file.
 */
export function compressChat(
  input: string,
  settings: CompressSettings,
  counters: ReadonlyMap<EncodingName, Count>,
  primary: EncodingName,
): CompressOutcome | null {
  let json: unknown;
  try {
    json = JSON.parse(input);
  } catch {
    return null;
  }
  const found = chatMessagesOf(json);
  if (found === null) return null;
  const original = structuredClone(found);
  let raw = found;
  const before = chatTokens(original, counters);
  const base = { input, document: 'chat' as const, before, targetTokens: settings.targetTokens };
  const empty = (unchanged: CompressOutcome['unchanged']): CompressOutcome => {
    const text = chatAsText(parseChatMessages(original));
    return {
      ...base,
      output: input,
      readable: { before: text, after: text },
      protectedSpans: 0,
      after: before,
      markers: {},
      passes: [],
      unchanged,
      targetReached: null,
    };
  };
  if ((before[primary] ?? 0) < SHORT_PROMPT_TOKENS) return empty('short');

  let passes: CompressOutcome['passes'] = [];
  let protectedSpans = 0;
  const markers: Counts = {};
  const compress = (text: string): string => {
    // The target and the short-prompt rule apply to the whole conversation: each message is cleaned, not cut to it.
    const r = compressText(text, { ...settings, targetTokens: null, message: true }, counters, primary);
    protectedSpans += r.protectedSpans;
    add(markers, r.markers);
    if (passes.length === 0) passes = r.passes.map((p) => ({ ...p, saved: { ...p.saved } }));
    else
      r.passes.forEach((p, i) => {
        const into = passes[i]!;
        if (p.status === 'ran') {
          into.status = 'ran';
          add(into.saved, p.saved);
          into.characters += p.characters;
          if (p.warning) into.warning = p.warning;
        }
      });
    return r.output;
  };
  // The chat pass works on the conversation: repeated system prompts and empty turns go first.
  let turns: CompressOutcome['passes'][number] | null = null;
  if (settings.passes.has('chat')) {
    const kept = collapseTurns(raw);
    if (kept.length < raw.length) {
      const fewer = chatTokens(kept, counters);
      const saved: Counts = {};
      for (const k of Object.keys(before) as EncodingName[]) saved[k] = (before[k] ?? 0) - (fewer[k] ?? 0);
      turns = { id: 'chat', label: '', enabled: true, status: 'ran', saved, characters: JSON.stringify(raw).length - JSON.stringify(kept).length };
      raw = kept;
      if (Array.isArray(json)) json = kept;
      else (json as Record<string, unknown>)['messages'] = kept;
    }
  }
  for (const m of raw as Record<string, unknown>[]) {
    if (typeof m['content'] === 'string') m['content'] = compress(m['content']);
    else if (Array.isArray(m['content'])) {
      for (const part of m['content'] as unknown[]) {
        if (typeof part === 'object' && part !== null && typeof (part as Record<string, unknown>)['text'] === 'string') {
          (part as Record<string, unknown>)['text'] = compress((part as Record<string, string>)['text']!);
        }
      }
    }
  }
  if (passes.length === 0) passes = compressText('', { ...settings, targetTokens: null }, counters, primary).passes;
  if (turns !== null) {
    const into = passes.find((p) => p.id === 'chat')!;
    Object.assign(into, { ...turns, label: into.label });
  } else {
    const into = passes.find((p) => p.id === 'chat')!;
    if (into.enabled) into.status = 'ran';
  }
  const after = chatTokens(raw, counters);
  const readable = { before: chatAsText(parseChatMessages(original)), after: chatAsText(parseChatMessages(raw)) };
  if (readable.before === readable.after) return empty('nothing-to-remove');
  const pretty = JSON.stringify(json, null, indentOf(input));
  const output = pretty.length <= input.length ? pretty : JSON.stringify(json);
  return {
    ...base,
    output: input.endsWith('\n') && output.length < input.length ? `${output}\n` : output,
    readable,
    protectedSpans,
    after,
    markers,
    passes,
    unchanged: null,
    targetReached: settings.targetTokens === null ? null : (after[primary] ?? 0) <= settings.targetTokens,
  };
}
