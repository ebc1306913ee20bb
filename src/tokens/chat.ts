import type { ChatMessage } from './chat-messages.js';

/**
 * The chat format's overhead, as OpenAI documents it for its current chat models (the "How to count tokens
 * with tiktoken" cookbook, gpt-3.5-turbo-0613 onward, GPT-4, GPT-4o): each message is wrapped in 3 tokens
 * (<|start|>role<|message|>…<|end|>), a name costs 1 more, and every reply is primed with 3
 * (<|start|>assistant<|message|>).
 */
export const TOKENS_PER_MESSAGE = 3;
export const TOKENS_PER_NAME = 1;
export const REPLY_PRIMING_TOKENS = 3;

/** Tokens of a conversation as the model sees it: every role, name and content plus the format's overhead. */
export function countChatTokens(messages: ChatMessage[], count: (text: string) => number): number {
  let total = REPLY_PRIMING_TOKENS;
  for (const m of messages) {
    total += TOKENS_PER_MESSAGE + count(m.role) + count(m.content);
    if (m.name !== undefined) total += TOKENS_PER_NAME + count(m.name);
  }
  return total;
}
