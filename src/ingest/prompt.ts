import type { Prompt, PromptMessage } from '../usage/prompt.js';
import { isObj, type Obj } from './fields.js';

/** Text of a message's content in any of the providers' shapes: a string, or a list of parts/blocks. */
export function contentText(content: unknown, depth = 0): string {
  if (typeof content === 'string') return content;
  if (depth > 8) return '';
  if (Array.isArray(content))
    return content
      .map((part) => contentText(part, depth + 1))
      .filter((t) => t !== '')
      .join('\n');
  if (!isObj(content)) return '';
  // OpenAI parts {type: text|input_text|output_text, text}, Anthropic blocks {type: text, text}, Gemini and
  // Converse parts {text}; tool calls and results as their JSON input or content.
  if (typeof content['text'] === 'string') return content['text'];
  if ('input' in content && (content['type'] === 'tool_use' || content['type'] === 'function_call'))
    return JSON.stringify(content['input'] ?? content['arguments'] ?? null);
  if (typeof content['arguments'] === 'string') return content['arguments'];
  if ('content' in content) return contentText(content['content'], depth + 1);
  if (isObj(content['toolResult'])) return contentText(content['toolResult']['content'], depth + 1);
  if (isObj(content['toolUse'])) return JSON.stringify(content['toolUse']['input'] ?? null);
  if (Array.isArray(content['parts'])) return contentText(content['parts'], depth + 1);
  return '';
}

function messagesOf(list: unknown): PromptMessage[] {
  if (!Array.isArray(list)) return [];
  const out: PromptMessage[] = [];
  for (const m of list) {
    if (typeof m === 'string') {
      out.push({ role: 'user', text: m });
      continue;
    }
    if (!isObj(m)) continue;
    const role = typeof m['role'] === 'string' ? m['role'] : typeof m['type'] === 'string' ? m['type'] : 'user';
    const text = contentText(m['content'] ?? m['parts'] ?? m['text'] ?? (m['type'] === 'function_call' ? m : undefined));
    out.push({ role, text });
  }
  return out;
}

/**
 * The prompt of a request body in the shapes of the APIs llmcost reads: Chat Completions and Anthropic Messages
 * (`system`, `messages`), Responses (`instructions`, `input`), Gemini (`systemInstruction`, `contents`), Bedrock
 * Converse (`system`, `messages`), legacy completions (`prompt`). Undefined when the body holds none.
 */
export function promptOfRequest(body: unknown): Prompt | undefined {
  if (typeof body === 'string') {
    const trimmed = body.trim();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        return promptOfRequest(JSON.parse(trimmed));
      } catch {
        return trimmed === '' ? undefined : { messages: [{ role: 'user', text: body }] };
      }
    }
    return trimmed === '' ? undefined : { messages: [{ role: 'user', text: body }] };
  }
  if (Array.isArray(body)) {
    const messages = messagesOf(body);
    return messages.length > 0 ? { messages } : undefined;
  }
  if (!isObj(body)) return undefined;
  const messages: PromptMessage[] = [];
  const system = body['system'] ?? body['instructions'] ?? body['systemInstruction'] ?? body['system_instruction'];
  const systemText = contentText(system);
  if (systemText !== '') messages.push({ role: 'system', text: systemText });
  const list = body['messages'] ?? body['contents'] ?? (Array.isArray(body['input']) ? body['input'] : undefined);
  messages.push(...messagesOf(list));
  const single = body['prompt'] ?? (typeof body['input'] === 'string' ? body['input'] : undefined) ?? body['inputText'];
  if (typeof single === 'string' && single !== '') messages.push({ role: 'user', text: single });
  return messages.length > 0 ? { messages } : undefined;
}

/** The request body a logging envelope keeps beside the response, if any (`request`, `request_body`, `messages`). */
export function promptOfEnvelope(env: Obj | undefined): Prompt | undefined {
  if (!env) return undefined;
  for (const k of ['request', 'request_body', 'requestBody', 'req']) {
    const v = env[k];
    const body = isObj(v) && isObj(v['body']) ? v['body'] : v;
    const p = promptOfRequest(body);
    if (p) return p;
  }
  if (env['messages'] !== undefined) return promptOfRequest({ messages: env['messages'] });
  if (typeof env['prompt'] === 'string') return promptOfRequest(env['prompt']);
  return undefined;
}

/** The last user message with text (what a semantic cache compares), or else the whole prompt's last message. */
export function lastUserMessage(p: Prompt): PromptMessage | undefined {
  for (let i = p.messages.length - 1; i >= 0; i--) if (p.messages[i]!.role === 'user' && p.messages[i]!.text !== '') return p.messages[i];
  return p.messages[p.messages.length - 1];
}

/** A prompt as the text --store-prompts keeps: each message as `role: text`, a blank line between them. */
export function promptTextOf(p: Prompt): string {
  return p.messages.map((m) => `${m.role}: ${m.text}`).join('\n\n');
}
