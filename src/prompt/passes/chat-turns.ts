/**
 * Chat histories (the `chat` pass, chat-message files only): a system or developer message that repeats an
 * earlier one word for word (some applications send the system prompt again before every turn) goes, and so
 * does an empty turn: a message with no text and nothing else (no tool calls, no other field). Tool results,
 * messages with tool calls and every other message stay as they are, in order.
 */

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isEmpty(m: Record<string, unknown>): boolean {
  if (m['role'] === 'tool' || m['role'] === 'function') return false;
  if (Object.keys(m).some((k) => k !== 'role' && k !== 'content')) return false;
  const c = m['content'];
  if (c === null || c === undefined) return true;
  if (typeof c === 'string') return c.trim() === '';
  return Array.isArray(c) && c.length === 0;
}

/** The messages to keep. */
export function collapseTurns(messages: unknown[]): unknown[] {
  const system = new Set<string>();
  return messages.filter((m) => {
    if (!isRecord(m)) return true;
    if (isEmpty(m)) return false;
    if ((m['role'] === 'system' || m['role'] === 'developer') && typeof m['content'] === 'string') {
      const key = `${String(m['name'] ?? '')}\u0000${m['content'].trim()}`;
      if (system.has(key)) return false;
      system.add(key);
    }
    return true;
  });
}
