/**
 * Chat-message files: a JSON array of `{role, content, name?}`, or an OpenAI request body with `messages`.
 * Content may be a string or an array of parts; the text parts are what is counted (images and audio are not
 * text and are left out, which the report says). Tool calls count their function name and arguments as text.
 */

export interface ChatMessage {
  role: string;
  /** The message's text: its content string, or its text parts joined with newlines. */
  content: string;
  name?: string;
  /** Parts of the content that are not text (images, audio, files): not counted. */
  nonTextParts: number;
}

export class ChatFormatError extends Error {}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The messages of a parsed JSON value, or null when it is not a chat-message file at all. */
export function chatMessagesOf(json: unknown): unknown[] | null {
  if (Array.isArray(json)) return json.length > 0 && json.every((m) => isRecord(m) && 'role' in m) ? json : null;
  if (isRecord(json) && Array.isArray(json['messages'])) return json['messages'];
  return null;
}

function textOfParts(parts: unknown[], where: string): { text: string; nonText: number } {
  const texts: string[] = [];
  let nonText = 0;
  parts.forEach((part, i) => {
    if (typeof part === 'string') texts.push(part);
    else if (isRecord(part) && typeof part['text'] === 'string') texts.push(part['text']);
    else if (isRecord(part) && typeof part['type'] === 'string') nonText++;
    else throw new ChatFormatError(`${where}.content[${i}] is neither text nor a typed part`);
  });
  return { text: texts.join('\n'), nonText };
}

function toolCallText(calls: unknown): string {
  if (!Array.isArray(calls)) return '';
  return calls
    .map((c) => (isRecord(c) && isRecord(c['function']) ? `${String(c['function']['name'] ?? '')} ${String(c['function']['arguments'] ?? '')}` : ''))
    .filter((s) => s !== '')
    .join('\n');
}

/** Reads the messages; throws ChatFormatError naming the first message that is not one. */
export function parseChatMessages(raw: unknown[]): ChatMessage[] {
  return raw.map((m, i) => {
    const where = `messages[${i}]`;
    if (!isRecord(m)) throw new ChatFormatError(`${where} is not an object`);
    if (typeof m['role'] !== 'string') throw new ChatFormatError(`${where} has no "role" string`);
    const content = m['content'];
    let text: string;
    let nonTextParts = 0;
    if (typeof content === 'string') text = content;
    else if (content === null || content === undefined) text = '';
    else if (Array.isArray(content)) ({ text, nonText: nonTextParts } = textOfParts(content, where));
    else throw new ChatFormatError(`${where}.content is neither a string nor an array of parts`);
    const calls = toolCallText(m['tool_calls']);
    if (calls !== '') text = text === '' ? calls : `${text}\n${calls}`;
    const msg: ChatMessage = { role: m['role'], content: text, nonTextParts };
    if (typeof m['name'] === 'string') msg.name = m['name'];
    return msg;
  });
}

/**
 * The chat messages of a file's text when it is a chat-message file; null when it is anything else (plain
 * text, or JSON that is not chat messages), which is then counted as text.
 */
export function readChat(text: string): ChatMessage[] | null {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('[') && !trimmed.startsWith('{')) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const raw = chatMessagesOf(json);
  return raw === null ? null : parseChatMessages(raw);
}

/** Messages as one plain text, one "role: content" block per message, for diffs and compression. */
export function chatAsText(messages: ChatMessage[]): string {
  return messages.map((m) => `${m.role}${m.name ? ` (${m.name})` : ''}: ${m.content}`).join('\n\n');
}
