import { contentText } from '../prompt.js';
import { responseText } from '../response.js';
import type { Prompt, PromptMessage } from '../../usage/prompt.js';
import { providerId } from '../identity.js';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FormatAdapter, RecordSink } from '../adapter.js';
import { describeValue, errorCode, isObj, money, obj, type Obj, skipReason, str } from '../fields.js';
import type { UsageRecord } from '../../usage/record.js';
import { promptTokens } from '../../usage/tokens.js';
import { parseTimestamp } from '../../util/time.js';
import { readAnthropicMessage } from './anthropic.js';
import { inEnvelope, matchScore } from './line-adapter.js';

/**
 * Claude Code's local session logs (`~/.claude/projects/<project-dir>/<session-uuid>.jsonl`): one line per
 * transcript entry (user, assistant, system, summary, file-history-snapshot ...). Only assistant lines carry
 * usage: `message` is an Anthropic Messages API response, written once per content block.
 */

/** Lines of distinct responses held while waiting for more blocks of the same response; they are normally adjacent. */
const MAX_PENDING_RESPONSES = 16;

/** Claude Code writes this model name on messages it made up itself (interruptions, API errors): no request. */
const SYNTHETIC_MODEL = '<synthetic>';

/** A transcript line: every entry kind has its own distinctive fields beside `type`. */
export function isClaudeCodeLine(o: Obj): boolean {
  const type = o['type'];
  // Older Claude Code versions wrote assistant lines without a top-level type.
  if (typeof o['sessionId'] === 'string' && ('uuid' in o || 'parentUuid' in o)) return true;
  if (typeof type !== 'string') return false;
  if (type === 'summary') return typeof o['leafUuid'] === 'string';
  if (type === 'file-history-snapshot') return isObj(o['snapshot']) && 'messageId' in o;
  return type === 'queue-operation' && typeof o['sessionId'] === 'string';
}

const holdsClaudeCodeLine = inEnvelope(isClaudeCodeLine);

/** Where Claude Code keeps its session logs: each `$CLAUDE_CONFIG_DIR` (comma-separated) or the two default homes. */
export function claudeCodeLogDirs(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string[] {
  const configured = (env['CLAUDE_CONFIG_DIR'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const configDirs =
    configured.length > 0
      ? configured.map((p) => resolve(p))
      : [join(home, '.claude'), join(env['XDG_CONFIG_HOME']?.trim() || join(home, '.config'), 'claude')];
  return [...new Set(configDirs.map((d) => join(d, 'projects')))];
}

function apiErrorReason(line: Obj): string {
  // The status and error code only: the message text is free text and can quote the conversation.
  const status = errorCode(line['apiErrorStatus']);
  const code = errorCode(line['error']) ?? errorCode(obj(line['error'])?.['type']);
  return `API error${status ? ` ${status}` : ''} logged by Claude Code${code ? ` (${code})` : ''}`;
}

function readAssistantLine(line: Obj, message: Obj): UsageRecord | string {
  const ts = parseTimestamp(line['timestamp']);
  if (ts === null)
    return line['timestamp'] === undefined ? 'no timestamp on the assistant line' : `timestamp is not a date/time (${describeValue(line['timestamp'])})`;
  if (!isObj(message['usage'])) return 'assistant message without usage (message.usage)';
  if (!str(message['model'])) return 'assistant message without a model (message.model)';
  const sessionId = str(line['sessionId']);
  const branch = str(line['gitBranch']);
  const tags = [...(sessionId ? [`session:${sessionId}`] : []), ...(branch ? [`branch:${branch}`] : [])];
  const r = readAnthropicMessage(message, { ts, tags, feature: 'claude-code', project: str(line['cwd']) });
  if (typeof r === 'string') return r;
  const messageId = str(message['id']);
  const requestId = str(line['requestId']);
  // The message id is the dedupe key: a resumed session's file repeats earlier messages with the same id.
  r.id = messageId ? providerId('claude-code', messageId) : requestId ? `claude-code:request:${requestId}` : '';
  // A sidechain (a subagent's transcript) may replay a message its parent transcript also holds: on equal
  // usage the parent's copy is kept (identity.ts).
  r.replay = line['isSidechain'] === true;
  // Older Claude Code versions wrote the cost they computed beside each response.
  r.reportedCostUsd = money(line['costUSD'], 'costUSD') ?? null;
  return r;
}

function size(r: UsageRecord): number {
  return promptTokens(r) + r.outputTokens;
}

/** Collapses the lines of one streamed response (same message id and request id), keeping the largest usage. */
function createCollapser(sink: RecordSink) {
  const pending = new Map<string, { record: UsageRecord; line: number }>();
  const emitOldest = () => {
    const first = pending.entries().next();
    if (first.done) return;
    const [key, held] = first.value;
    pending.delete(key);
    sink.record(held.record, held.line);
  };
  return {
    add(key: string, record: UsageRecord, line: number) {
      const held = pending.get(key);
      if (held) {
        // Later blocks repeat the input counts and carry the growing output count: the largest is the final one.
        if (size(record) >= size(held.record)) pending.set(key, { record, line });
        // Each block line carries the answer as it stood then (conversations below): the last line's is whole.
        else held.record.response = record.response;
        return;
      }
      pending.set(key, { record, line });
      if (pending.size > MAX_PENDING_RESPONSES) emitOldest();
    },
    flush() {
      while (pending.size > 0) emitOldest();
    },
  };
}

/**
 * The conversation each assistant response was asked with: the session's user and assistant messages before
 * it, in file order (a sidechain is a conversation of its own). Every block line of one response gets the
 * prompt as it stood at the response's first block; the message objects are shared between turns, so the
 * fingerprinter goes on from the previous turn instead of hashing the whole session again. The response's own
 * blocks (text, tool calls) are gathered as its answer, so far, for `answer()`.
 */
function createConversations() {
  const held = new Map<string, { messages: PromptMessage[]; responseId: string | undefined; prompt: Prompt | undefined; answer: string[] }>();
  /** The answer parts of the response the last assistant line belongs to. */
  let answer: string[] = [];
  return {
    follow(line: Obj, message: Obj | undefined, untypedResponse: boolean): Prompt | undefined {
      const type = untypedResponse ? 'assistant' : line['type'];
      if (!message || (type !== 'user' && type !== 'assistant')) return undefined;
      const key = `${str(line['sessionId']) ?? ''}\u0000${line['isSidechain'] === true ? 'side' : 'main'}`;
      let c = held.get(key);
      if (!c) {
        c = { messages: [], responseId: undefined, prompt: undefined, answer: [] };
        held.set(key, c);
        if (held.size > 64) held.delete(held.keys().next().value!);
      }
      const text = contentText(message['content']);
      if (type === 'user') {
        c.responseId = undefined;
        if (text !== '') c.messages.push({ role: 'user', text });
        return undefined;
      }
      const id = str(message['id']);
      if (id === undefined || id !== c.responseId) {
        c.responseId = id;
        c.prompt = c.messages.length > 0 ? { messages: c.messages.slice(), conversation: key } : undefined;
        c.answer = [];
      }
      const part = responseText(message['content']);
      if (part !== undefined) c.answer.push(part);
      answer = c.answer;
      const prompt = c.prompt;
      if (text !== '') c.messages.push({ role: 'assistant', text });
      return prompt;
    },
    /** The answer of the response the last assistant line belongs to, as far as its lines have come. */
    answer(): string | null {
      return answer.length > 0 ? answer.join('\n') : null;
    },
  };
}

export const claudeCodeAdapter: FormatAdapter = {
  name: 'claude-code',
  description: 'Claude Code session logs (~/.claude/projects/**/*.jsonl): one record per assistant response',
  containers: ['jsonl'],
  detect: (sample) => matchScore(sample, holdsClaudeCodeLine, 20),
  open(sink) {
    const collapser = createCollapser(sink);
    const conversations = createConversations();
    return {
      push(value, line) {
        if (!isObj(value)) {
          sink.skip(line, 'not a JSON object');
          return;
        }
        // User prompts, tool results, summaries, snapshots and system notes are transcript, not requests.
        // Lines of older versions carry no type: a message with usage and an id is an assistant response.
        const message = obj(value['message']);
        const untypedResponse = value['type'] === undefined && message !== undefined && isObj(message['usage']) && str(message['id']) !== undefined;
        const prompt = conversations.follow(value, message, untypedResponse);
        if (value['type'] !== 'assistant' && !untypedResponse) return;
        if (value['isApiErrorMessage'] === true) {
          sink.fail(line, apiErrorReason(value));
          return;
        }
        if (!message) {
          sink.skip(line, 'assistant line without a message object');
          return;
        }
        if (message['model'] === SYNTHETIC_MODEL) return;
        try {
          const result = readAssistantLine(value, message);
          if (typeof result === 'string') {
            sink.skip(line, result);
            return;
          }
          result.prompt = prompt ?? null;
          result.response = conversations.answer();
          if (result.id === '') sink.record(result, line);
          else collapser.add(`${str(message['id']) ?? ''}\u0000${str(value['requestId']) ?? ''}`, result, line);
        } catch (err) {
          sink.skip(line, skipReason(err));
        }
      },
      finish: () => collapser.flush(),
    };
  },
};
