import { readChat, type ChatMessage } from './chat-messages.js';
import { countChatTokens } from './chat.js';
import { getCounter, type EncodingName } from './count.js';
import { costPerCall, costPerMonth, type PromptModel } from './models.js';
import { exactUsd } from '../util/numbers.js';

/** A prompt as read from a file: plain text, or chat messages (counted with the chat format's overhead). */
export interface Prompt {
  kind: 'text' | 'chat';
  text: string;
  messages: ChatMessage[] | null;
}

export function promptOf(text: string): Prompt {
  const messages = readChat(text);
  return messages === null ? { kind: 'text', text, messages: null } : { kind: 'chat', text, messages };
}

export type Counters = ReadonlyMap<EncodingName, (text: string) => number>;

export async function countersFor(encodings: EncodingName[]): Promise<Counters> {
  const entries = await Promise.all(encodings.map(async (e) => [e, await getCounter(e)] as const));
  return new Map(entries);
}

/** Tokens of a prompt in one encoding. */
export function promptTokens(prompt: Prompt, count: (text: string) => number): number {
  return prompt.messages === null ? count(prompt.text) : countChatTokens(prompt.messages, count);
}

/** Tokens of a prompt in every loaded encoding. */
export function tokensByEncoding(prompt: Prompt, counters: Counters): Partial<Record<EncodingName, number>> {
  const out: Partial<Record<EncodingName, number>> = {};
  for (const [name, count] of counters) out[name] = promptTokens(prompt, count);
  return out;
}

/** What a prompt costs on one model. */
export interface ModelCost {
  model: string;
  tokens: number;
  estimate: boolean;
  costPerCall: number;
  costPerMonth: number;
}

export function modelCosts(tokens: Partial<Record<EncodingName, number>>, models: PromptModel[], outputTokens: number, callsPerDay: number): ModelCost[] {
  return models.map((m) => {
    const n = tokens[m.encoding] ?? 0;
    const perCall = costPerCall(m, n, outputTokens);
    return { model: m.id, tokens: n, estimate: m.estimate, costPerCall: exactUsd(perCall), costPerMonth: exactUsd(costPerMonth(perCall, callsPerDay)) };
  });
}
