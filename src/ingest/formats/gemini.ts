import type { FormatAdapter, RecordSink } from '../adapter.js';
import { loggedError, readEnvelope, recordFrom, unwrap, type Envelope } from '../envelope.js';
import { count, describeValue, FieldError, isObj, obj, type Obj, skipReason, str } from '../fields.js';
import type { UsageRecord } from '../../usage/record.js';
import { parseTimestamp } from '../../util/time.js';
import { inEnvelope, matchScore } from './line-adapter.js';

/**
 * Google Gemini API / Vertex AI `GenerateContentResponse` objects, one per line, bare or in a logging
 * envelope. The REST API writes camelCase; the Python SDK's dumps write snake_case: both are read.
 */

/**
 * A field under its REST (camelCase) name or its Python SDK (snake_case) name, with the name found.
 * SDK dumps write unset fields as null: null is absent.
 */
function field(o: Obj, camel: string): { value: unknown; name: string } {
  const snake = camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  for (const name of [camel, snake]) {
    const value = o[name];
    if (value !== undefined && value !== null) return { value, name };
  }
  return { value: undefined, name: camel };
}

const usageOf = (o: Obj) => field(o, 'usageMetadata');

export function isGeminiResponse(o: Obj): boolean {
  const u = obj(usageOf(o).value);
  if (u) return ['promptTokenCount', 'candidatesTokenCount', 'totalTokenCount'].some((k) => field(u, k).value !== undefined);
  // A streamed chunk without usage still names its model version next to its candidates.
  return Array.isArray(o['candidates']) && typeof field(o, 'modelVersion').value === 'string';
}

const holdsGeminiResponse = inEnvelope(isGeminiResponse);

/** Streamed chunks before the last one carry no finishReason on any candidate. */
function isFinal(o: Obj): boolean {
  const candidates = o['candidates'];
  if (!Array.isArray(candidates) || candidates.length === 0) return true;
  return candidates.some((c) => isObj(c) && field(c, 'finishReason').value !== undefined);
}

/**
 * Vertex AI names a model by resource path ("projects/p/locations/l/publishers/google/models/gemini-2.5-pro"
 * or "publishers/google/models/…"), which the catalog's routing prefixes do not cover: the model id is
 * its last part. Any other id is kept as written.
 */
const VERTEX_MODEL_PATH = /^(?:projects\/[^/]+\/locations\/[^/]+\/)?publishers\/[^/]+\/models\/([^/]+)$/;

function tokenCount(u: Obj, name: string): number {
  const f = field(u, name);
  return count(f.value, `usageMetadata.${f.name}`) ?? 0;
}

export function readGeminiResponse(o: Obj, env: Envelope): UsageRecord | string {
  const u = obj(usageOf(o).value);
  if (!u) return 'no usageMetadata in the response';
  const version = str(field(o, 'modelVersion').value);
  const envPath = env.model ? VERTEX_MODEL_PATH.exec(env.model) : null;
  const ownPath = version ? VERTEX_MODEL_PATH.exec(version) : null;
  const model = ownPath?.[1] ?? version ?? envPath?.[1] ?? env.model;
  if (!model) return 'no modelVersion in the response and no model in its envelope';
  // The envelope's resource path says Vertex AI even when the response's own modelVersion is a bare id.
  const vertex = ownPath !== null || envPath !== null;
  const created = field(o, 'createTime');
  const ts = created.value === undefined ? undefined : parseTimestamp(created.value);
  if (ts === null) throw new FieldError(`${created.name} is not a date/time (${describeValue(created.value)})`);
  const r = recordFrom(env, vertex ? 'vertex_ai' : 'google', 'gemini', str(field(o, 'responseId').value), ts, model);
  // promptTokenCount includes the cached content; tool-use prompts are counted apart and billed as input.
  const prompt = tokenCount(u, 'promptTokenCount');
  const cached = Math.min(tokenCount(u, 'cachedContentTokenCount'), prompt);
  r.inputTokens = prompt - cached + tokenCount(u, 'toolUsePromptTokenCount');
  r.cacheReadTokens = cached;
  // candidatesTokenCount leaves out the thinking tokens, which are billed as output too.
  const thoughts = tokenCount(u, 'thoughtsTokenCount');
  r.outputTokens = tokenCount(u, 'candidatesTokenCount') + thoughts;
  r.reasoningTokens = thoughts;
  return r;
}

/** The fields of a Google API error body (`{"error": {"code", "status", "message"}}`) that are codes. */
const ERROR_CODE_FIELDS = ['code', 'status'];

/** How many streams may be open at once before the oldest is taken as complete; bounds memory on huge logs. */
const MAX_OPEN_STREAMS = 256;

interface Pending {
  record: UsageRecord;
  line: number;
  size: number;
}

const sizeOf = (r: UsageRecord) => r.inputTokens + r.cacheReadTokens + r.outputTokens;

/**
 * Reads one line into a record with the response it came from, or reports why not (failed, skipped).
 * Returns undefined for such lines and for the usage-less chunks that precede a stream's last one.
 */
function readLine(value: unknown, line: number, sink: RecordSink): { record: UsageRecord; response: Obj } | undefined {
  if (!isObj(value)) {
    sink.skip(line, 'not a JSON object');
    return undefined;
  }
  const found = unwrap(value, isGeminiResponse);
  if (!found) {
    const error = loggedError(value, ERROR_CODE_FIELDS);
    if (error) sink.fail(line, `request failed (${error})`);
    else sink.skip(line, 'no Gemini GenerateContentResponse found (bare, or under "response"/"body")');
    return undefined;
  }
  // Vertex AI streams put usage on the last chunk only: the chunks before it carry nothing to bill.
  if (!isFinal(found.inner) && usageOf(found.inner).value === undefined) return undefined;
  try {
    const result = readGeminiResponse(found.inner, readEnvelope(found.envelope));
    if (typeof result === 'string') sink.skip(line, result);
    else if (!result.ts) sink.skip(line, 'no timestamp: a Gemini API response has none, so the envelope must give one (timestamp, ts, created_at, logged_at)');
    else return { record: result, response: found.inner };
  } catch (err) {
    sink.skip(line, skipReason(err));
  }
  return undefined;
}

export const geminiAdapter: FormatAdapter = {
  name: 'gemini',
  description:
    'Google Gemini API / Vertex AI GenerateContentResponse objects, one per line (bare or in a logging envelope; streamed chunks collapsed by responseId)',
  containers: ['jsonl', 'json'],
  detect: (sample) => matchScore(sample, holdsGeminiResponse, 20),
  open(sink: RecordSink) {
    // Streamed chunks of one response share its responseId; only the last (largest) usage is billable.
    // Map order is the order streams were last seen in, so the first key is the stalest stream.
    const open = new Map<string, Pending>();
    const emit = (id: string) => {
      const p = open.get(id);
      if (!p) return;
      open.delete(id);
      sink.record(p.record, p.line);
    };
    return {
      push(value, line) {
        const read = readLine(value, line, sink);
        if (!read) return;
        const id = str(field(read.response, 'responseId').value);
        if (!id) {
          sink.record(read.record, line);
          return;
        }
        const size = sizeOf(read.record);
        const held = open.get(id);
        open.delete(id);
        open.set(id, held && held.size > size ? held : { record: read.record, line, size });
        if (isFinal(read.response)) {
          emit(id);
        } else if (open.size > MAX_OPEN_STREAMS) {
          const stalest = open.keys().next();
          if (!stalest.done) emit(stalest.value);
        }
      },
      finish() {
        for (const id of [...open.keys()]) emit(id);
      },
    };
  },
};
