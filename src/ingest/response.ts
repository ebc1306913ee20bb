import { isObj, type Obj } from './fields.js';

/**
 * The answer a response carries, as one text to fingerprint (never stored: the preparer hashes it with
 * `ResponseHasher` and drops it). Read from the shapes of the APIs llmcost reads:
 *
 * - Chat Completions: `choices[].message.content` (a string or parts) and `choices[].message.tool_calls[]`
 *   (`function.name`, `function.arguments`); legacy completions `choices[].text`;
 * - Responses: `output[]` items, `message` items' `content[].text` (`output_text`) and `function_call` items
 *   (`name`, `arguments`); reasoning items are not the answer and are left out;
 * - Anthropic Messages: `content[]` blocks, `text` and `tool_use` (`name`, `input`); thinking is left out;
 * - Bedrock Converse: `output.message.content[]` (`text`, `toolUse`); Bedrock's other model bodies: `completion`,
 *   `generation`, `outputs[].text`, `results[].outputText`;
 * - a bare message (`{role, content, tool_calls}`), a list of messages or parts, or a string (Langfuse's `output`).
 *
 * Tool calls are written as `name arguments`, so a tool-call-only answer is fingerprinted by what it calls
 * with what. Undefined when nothing is found (an empty body, an error object).
 */
export function responseText(v: unknown): string | undefined {
  const parts: string[] = [];
  collect(v, parts, 0);
  const text = parts.join('\n');
  return text.trim() === '' ? undefined : text;
}

/** A JSON document kept as a string (LiteLLM's `response` column, a logged body): parsed when it is one. */
function parsedIfJson(s: string): unknown {
  const t = s.trimStart();
  if (!t.startsWith('{') && !t.startsWith('[')) return s;
  try {
    return JSON.parse(t);
  } catch {
    return s;
  }
}

/** A tool call's arguments, written canonically when they are JSON (spacing in them is no different answer). */
function argumentsText(args: unknown): string {
  const parsed = typeof args === 'string' ? parsedIfJson(args) : args;
  if (typeof parsed === 'string') return parsed;
  return JSON.stringify(parsed ?? null);
}

function toolCall(name: unknown, args: unknown): string {
  return `${typeof name === 'string' ? name : ''} ${argumentsText(args)}`;
}

function collect(v: unknown, out: string[], depth: number): void {
  if (depth > 8 || v === null || v === undefined) return;
  if (typeof v === 'string') {
    const parsed = depth === 0 ? parsedIfJson(v) : v;
    if (typeof parsed === 'string') out.push(parsed);
    else collect(parsed, out, depth + 1);
    return;
  }
  if (Array.isArray(v)) {
    for (const item of v) collect(item, out, depth + 1);
    return;
  }
  if (!isObj(v)) return;
  collectObject(v, out, depth);
}

function collectObject(o: Obj, out: string[], depth: number): void {
  const type = o['type'];
  // Reasoning is how the model got there, not its answer (and is often summarized or withheld).
  if (type === 'reasoning' || type === 'thinking' || type === 'redacted_thinking') return;
  if (type === 'tool_use' || type === 'server_tool_use') {
    out.push(toolCall(o['name'], o['input']));
    return;
  }
  if (type === 'function_call' || type === 'custom_tool_call') {
    out.push(toolCall(o['name'], o['arguments'] ?? o['input']));
    return;
  }
  if (isObj(o['toolUse'])) {
    out.push(toolCall(o['toolUse']['name'], o['toolUse']['input']));
    return;
  }
  if (isObj(o['function']) && 'arguments' in o['function']) {
    out.push(toolCall(o['function']['name'], o['function']['arguments']));
    return;
  }
  // A legacy Chat Completions `function_call` ({name, arguments}).
  if (typeof o['name'] === 'string' && 'arguments' in o) {
    out.push(toolCall(o['name'], o['arguments']));
    return;
  }
  if (typeof o['text'] === 'string') {
    out.push(o['text']);
    return;
  }
  if (typeof o['refusal'] === 'string') {
    out.push(o['refusal']);
    return;
  }
  // Containers of the answer, in the providers' shapes (a response object, a choice, a message).
  for (const k of ['choices', 'output', 'message', 'content', 'tool_calls', 'function_call', 'outputs', 'results', 'candidates', 'parts']) {
    if (o[k] !== undefined && o[k] !== null) collect(o[k], out, depth + 1);
  }
  for (const k of ['completion', 'generation', 'outputText']) if (typeof o[k] === 'string') out.push(o[k]);
}
