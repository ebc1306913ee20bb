import { failed, type LineOutcome } from '../adapter.js';
import { readEnvelope, recordFrom, unwrap, type Envelope } from '../envelope.js';
import { count, errorCodes, isObj, obj, type Obj, str } from '../fields.js';
import type { UsageRecord } from '../../usage/record.js';
import { serviceTierOf, splitCacheWrites } from './bedrock-usage.js';
import { defineLineAdapter, matchScore } from './line-adapter.js';

/**
 * AWS Bedrock Converse API responses logged one per line (bare, as boto3 / AWS SDK dumps, or in a logging
 * envelope that gives the time and model), and ConverseStream `metadata` events, which carry the same
 * usage. `usage.inputTokens` excludes the cache reads and writes. Amazon Nova's native InvokeModel
 * response has the same shape and is read the same way.
 */

function isConverseUsage(u: unknown): u is Obj {
  return isObj(u) && 'inputTokens' in u && 'outputTokens' in u;
}

export function isConverseResponse(o: Obj): boolean {
  return isConverseUsage(o['usage']) && (isObj(o['output']) || 'stopReason' in o || isObj(o['metrics']));
}

/** A ConverseStream event as the SDK yields it: `{"metadata": {"usage": …, "metrics": …}}`. */
function isMetadataEvent(o: Obj): boolean {
  return isObj(o['metadata']) && isConverseUsage(o['metadata']['usage']);
}

const isConverseObject = (o: Obj) => isConverseResponse(o) || isMetadataEvent(o);

/** The other ConverseStream events: they carry content, never usage. */
const STREAM_EVENTS = ['messageStart', 'contentBlockStart', 'contentBlockDelta', 'contentBlockStop', 'messageStop'];
const isContentEvent = (o: Obj) => STREAM_EVENTS.some((k) => isObj(o[k]));
const holdsContentEvent = (line: Obj) => unwrap(line, isContentEvent) !== undefined;

/**
 * A ConverseStream log has many content events per metadata event: a long stream can fill the whole sample
 * before its metadata event, and these event names are Bedrock's own, so they count for detection too.
 */
const holdsConverseLine = (line: Obj) => unwrap(line, isConverseObject) !== undefined || holdsContentEvent(line);

/** An HTTP `Date` header (IMF-fixdate, "Tue, 03 Jun 2025 10:00:00 GMT"), as boto3 keeps it in ResponseMetadata. */
function httpDate(v: unknown): number | undefined {
  if (typeof v !== 'string' || !/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(v)) return undefined;
  const ms = Date.parse(v);
  return Number.isFinite(ms) ? ms : undefined;
}

/** The request id and time an SDK keeps beside the response: boto3 `ResponseMetadata`, AWS SDK for JavaScript `$metadata`. */
function sdkMetadata(o: Obj): { requestId: string | undefined; ts: number | undefined } {
  const boto = obj(o['ResponseMetadata']);
  const js = obj(o['$metadata']);
  return {
    requestId: str(boto?.['RequestId']) ?? str(js?.['requestId']),
    ts: httpDate(obj(boto?.['HTTPHeaders'])?.['date']),
  };
}

export function readConverseResponse(o: Obj, env: Envelope, modelId: string | undefined): UsageRecord | string {
  const u = o['usage'];
  if (!isConverseUsage(u)) return 'no usage in the Converse response';
  // The Converse response does not name its model: the envelope must.
  const model = env.model ?? modelId;
  if (!model) return 'no model: a Converse response has none, so the envelope must give one (model, modelId)';
  const sdk = sdkMetadata(o);
  const r = recordFrom(env, 'bedrock', 'bedrock', sdk.requestId, undefined, model);
  if (!r.ts && sdk.ts) r.ts = sdk.ts;
  r.inputTokens = count(u['inputTokens'], 'usage.inputTokens') ?? 0;
  r.outputTokens = count(u['outputTokens'], 'usage.outputTokens') ?? 0;
  // Nova's native InvokeModel body spells the cache counts like the invocation log does.
  r.cacheReadTokens = count(u['cacheReadInputTokens'] ?? u['cacheReadInputTokenCount'], 'usage.cacheReadInputTokens') ?? 0;
  const written = count(u['cacheWriteInputTokens'] ?? u['cacheWriteInputTokenCount'], 'usage.cacheWriteInputTokens') ?? 0;
  const split = splitCacheWrites(written, u, 'usage');
  r.cacheWrite5mTokens = split.w5m;
  r.cacheWrite1hTokens = split.w1h;
  const tier = serviceTierOf(o);
  if (tier && r.serviceTier === null) r.serviceTier = tier;
  return r;
}

/** A logged failed call: an error object or AWS error code beside (or instead of) the response. */
function awsError(line: Obj): string | undefined {
  for (const o of [line, line['response'], line['body']]) {
    if (!isObj(o)) continue;
    const code = str(o['errorCode']) ?? str(o['__type']) ?? str(obj(o['Error'])?.['Code']);
    if (code) return errorCodes([code]);
    const e = o['error'];
    // Codes only: an error message is free text and can quote the prompt.
    if (isObj(e)) return errorCodes([e['code'], e['type'], e['name']]);
    if (str(e)) return errorCodes([e]);
  }
  return undefined;
}

function readLine(inner: Obj, env: Envelope, holder: Obj | undefined): LineOutcome {
  const metadata = isMetadataEvent(inner) ? obj(inner['metadata']) : undefined;
  if (!metadata) return readConverseResponse(inner, env, str(holder?.['modelId']));
  // A metadata event's holder is its envelope too: loggers put the time and model beside the event.
  const envelope = { ...holder, ...inner };
  return readConverseResponse(metadata, readEnvelope(envelope), str(envelope['modelId']));
}

export const bedrockConverseAdapter = defineLineAdapter({
  name: 'bedrock-converse',
  description: 'AWS Bedrock Converse API responses or ConverseStream metadata events, one per line (in a logging envelope that gives the time and model)',
  containers: ['jsonl', 'json'],
  detect: (sample) => matchScore(sample, holdsConverseLine, 20),
  recognize: isConverseObject,
  envelope: {
    missing(line) {
      const error = awsError(line);
      if (error) return failed(`request failed (${error})`);
      // Content events of a ConverseStream carry no usage by design: the stream's metadata event bills it.
      return holdsContentEvent(line) ? undefined : 'no Converse response or ConverseStream metadata event found (bare, or under "response"/"body")';
    },
    noTimestamp: 'no timestamp: a Converse response has none, so the envelope must give one (timestamp, ts, created_at, logged_at)',
  },
  read: readLine,
});
