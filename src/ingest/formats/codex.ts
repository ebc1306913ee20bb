import { contentText } from '../prompt.js';
import { responseText } from '../response.js';
import type { PromptMessage } from '../../usage/prompt.js';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FormatAdapter, RecordSink } from '../adapter.js';
import { count, describeValue, FieldError, isObj, obj, type Obj, skipReason, str } from '../fields.js';
import { emptyRecord, type UsageRecord } from '../../usage/record.js';
import { parseTimestamp } from '../../util/time.js';
import { inEnvelope, matchScore } from './line-adapter.js';

/**
 * OpenAI Codex CLI session logs (`~/.codex/sessions/YYYY/MM/DD/rollout-<time>-<uuid>.jsonl`): one
 * `{timestamp, type, payload}` line per rollout item. Usage comes only from `event_msg` lines whose payload
 * is a `token_count` event, and there as running totals for the whole session.
 */

const ROLLOUT_TYPES = new Set(['session_meta', 'turn_context', 'response_item', 'event_msg', 'compacted']);

export function isCodexRolloutLine(o: Obj): boolean {
  return typeof o['timestamp'] === 'string' && typeof o['type'] === 'string' && ROLLOUT_TYPES.has(o['type']) && isObj(o['payload']);
}

const holdsRolloutLine = inEnvelope(isCodexRolloutLine);

/** Where Codex keeps its session logs: `$CODEX_HOME/sessions`, by default `~/.codex/sessions`. */
export function codexLogDirs(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string[] {
  const codexHome = env['CODEX_HOME']?.trim();
  return [join(codexHome ? resolve(codexHome) : join(home, '.codex'), 'sessions')];
}

/** A Codex `TokenUsage`: input includes cached (and cache-write) input; output includes reasoning. */
interface Totals {
  input: number;
  cached: number;
  written: number;
  output: number;
  reasoning: number;
  total: number;
}

const NO_USAGE: Totals = { input: 0, cached: 0, written: 0, output: 0, reasoning: 0, total: 0 };
const FIELDS = Object.keys(NO_USAGE) as (keyof Totals)[];

function readTotals(v: unknown, field: string): Totals {
  if (!isObj(v)) throw new FieldError(`${field} is missing`);
  const required = (key: string) => {
    const n = count(v[key], `${field}.${key}`);
    if (n === undefined) throw new FieldError(`${field}.${key} is missing`);
    return n;
  };
  const input = required('input_tokens');
  const output = required('output_tokens');
  return {
    input,
    cached: count(v['cached_input_tokens'], `${field}.cached_input_tokens`) ?? 0,
    // Newer Codex versions report cache writes apart, as part of input_tokens.
    written: count(v['cache_write_input_tokens'], `${field}.cache_write_input_tokens`) ?? 0,
    output,
    reasoning: count(v['reasoning_output_tokens'], `${field}.reasoning_output_tokens`) ?? 0,
    total: count(v['total_tokens'], `${field}.total_tokens`) ?? input + output,
  };
}

function minus(a: Totals, b: Totals): Totals {
  const d = { ...NO_USAGE };
  for (const k of FIELDS) d[k] = a[k] - b[k];
  return d;
}

/** The attribution and model a token_count event inherits from the lines before it. */
interface SessionState {
  /** The file's own session: its first session_meta line. */
  fileSessionId?: string;
  /** The session whose running totals the next events continue: the latest session_meta line. */
  counterSessionId?: string;
  cwd?: string;
  branch?: string;
  model?: string;
}

function recordFor(delta: Totals, session: SessionState, id: string, ts: number, model: string): UsageRecord {
  const r = emptyRecord(id, ts, model);
  r.provider = 'openai';
  const cacheRead = Math.min(delta.cached, delta.input);
  const written = Math.min(delta.written, delta.input - cacheRead);
  r.inputTokens = delta.input - cacheRead - written;
  r.cacheReadTokens = cacheRead;
  r.cacheWrite5mTokens = written;
  r.outputTokens = delta.output;
  r.reasoningTokens = Math.min(delta.reasoning, delta.output);
  r.project = session.cwd ?? null;
  r.feature = 'codex';
  r.tags = [...(session.fileSessionId ? [`session:${session.fileSessionId}`] : []), ...(session.branch ? [`branch:${session.branch}`] : [])];
  return r;
}

function createReader(sink: RecordSink) {
  const session: SessionState = {};
  // The conversation so far (response items), and where the current call's own output began: a token_count
  // event follows the items the call produced, so its prompt is what came before them.
  const conversation: PromptMessage[] = [];
  let outputFrom: number | undefined;
  /** The current call's own answer: its assistant messages and function calls (name and arguments). */
  const answer: string[] = [];
  const onResponseItem = (payload: Obj) => {
    const type = str(payload['type']);
    const role =
      type === 'message' ? (str(payload['role']) ?? 'user') : type === 'function_call' ? 'assistant' : type === 'function_call_output' ? 'tool' : undefined;
    if (!role) return;
    const text =
      type === 'function_call'
        ? (str(payload['arguments']) ?? '')
        : type === 'function_call_output'
          ? contentText(payload['output'])
          : contentText(payload['content']);
    if (text === '') return;
    if (role === 'assistant') {
      outputFrom ??= conversation.length;
      const part = responseText(payload);
      if (part !== undefined) answer.push(part);
    }
    conversation.push({ role, text });
  };
  let previous = NO_USAGE;
  // Times the running totals went down within this session (Codex refills them after a context-window overflow).
  let restarts = 0;

  const onSessionMeta = (payload: Obj) => {
    const id = str(payload['id']);
    if (session.fileSessionId === undefined) {
      session.fileSessionId = id;
      session.branch = str(obj(payload['git'])?.['branch']);
    }
    // A forked session's file copies its parent's lines, session_meta included, and then goes on counting from
    // the parent's totals: keying events on the parent's id makes the copies dedupe against the parent's file.
    if (id !== session.counterSessionId) {
      previous = NO_USAGE;
      restarts = 0;
      conversation.length = 0;
      outputFrom = undefined;
      answer.length = 0;
    }
    session.counterSessionId = id;
    session.cwd = str(payload['cwd']) ?? session.cwd;
  };

  const onTokenCount = (line: Obj, payload: Obj, lineNo: number) => {
    const info = payload['info'];
    // Codex sends token_count with info null when it has only rate limits to report.
    if (info === null || info === undefined) return;
    if (!isObj(info)) throw new FieldError('payload.info is not an object');
    const current = readTotals(info['total_token_usage'], 'payload.info.total_token_usage');
    const restarted = FIELDS.some((k) => current[k] < previous[k]);
    if (restarted) restarts++;
    const delta = minus(current, restarted ? NO_USAGE : previous);
    previous = current;
    // The same totals are sent again (after a rate-limit update, on resume): nothing new was used.
    if (delta.input === 0 && delta.output === 0) return;
    if (!session.model) throw new FieldError('no model: no turn_context line before this token_count event names one');
    const ts = parseTimestamp(line['timestamp']);
    if (ts === null) throw new FieldError(`timestamp is not a date/time (${describeValue(line['timestamp'])})`);
    // Running totals only grow within one session, so the total identifies the event whatever file holds it.
    const id = session.counterSessionId ? `codex:${session.counterSessionId}:${current.total}${restarts > 0 ? `:restart${restarts}` : ''}` : '';
    const r = recordFor(delta, session, id, ts, session.model);
    const end = outputFrom ?? conversation.length;
    outputFrom = undefined;
    if (end > 0) r.prompt = { messages: conversation.slice(0, end), conversation: `codex:${session.fileSessionId ?? ''}` };
    r.response = answer.length > 0 ? answer.join('\n') : null;
    answer.length = 0;
    sink.record(r, lineNo);
  };

  return (value: unknown, lineNo: number) => {
    if (!isObj(value) || !isCodexRolloutLine(value)) {
      sink.skip(lineNo, isObj(value) ? 'not a Codex rollout line (timestamp, type and payload)' : 'not a JSON object');
      return;
    }
    const payload = value['payload'] as Obj;
    if (value['type'] === 'session_meta') onSessionMeta(payload);
    else if (value['type'] === 'turn_context') {
      session.model = str(payload['model']) ?? session.model;
      session.cwd = str(payload['cwd']) ?? session.cwd;
    } else if (value['type'] === 'response_item') onResponseItem(payload);
    else if (value['type'] === 'event_msg' && payload['type'] === 'token_count') {
      try {
        onTokenCount(value, payload, lineNo);
      } catch (err) {
        sink.skip(lineNo, skipReason(err));
      }
    }
  };
}

export const codexAdapter: FormatAdapter = {
  name: 'codex',
  description: 'OpenAI Codex CLI session logs (~/.codex/sessions/**/rollout-*.jsonl): running token totals differenced per event',
  containers: ['jsonl'],
  detect: (sample) => matchScore(sample, holdsRolloutLine, 20),
  open(sink) {
    const push = createReader(sink);
    return { push, finish() {} };
  },
};
