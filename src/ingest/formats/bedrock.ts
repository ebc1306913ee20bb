import { promptOfRequest } from '../prompt.js';
import { responseText } from '../response.js';
import { failed } from '../adapter.js';
import { readEnvelope } from '../envelope.js';
import { count, describeValue, errorCodes, isObj, obj, type Obj, str } from '../fields.js';
import { emptyRecord, type UsageRecord } from '../../usage/record.js';
import { parseTimestamp } from '../../util/time.js';
import { callerName, serviceTierOf, splitCacheWrites } from './bedrock-usage.js';
import { defineLineAdapter } from './line-adapter.js';

export { bedrockConverseAdapter } from './bedrock-converse.js';

/**
 * AWS Bedrock model invocation logs (CloudWatch Logs or S3 delivery), one `ModelInvocationLog` record per
 * line. `input.inputTokenCount` excludes the cache reads and writes, which are counted apart.
 */
export function isInvocationLog(o: Obj): boolean {
  if (o['schemaType'] === 'ModelInvocationLog') return true;
  // Some pipelines drop the schema fields; the record's own shape is still unmistakable.
  return typeof o['modelId'] === 'string' && typeof o['accountId'] === 'string' && isObj(o['input']) && 'inputTokenCount' in o['input'];
}

export function readInvocationLog(o: Obj): UsageRecord | string {
  const model = str(o['modelId']);
  if (!model) return 'no modelId';
  const ts = parseTimestamp(o['timestamp']);
  if (ts === null) return o['timestamp'] === undefined ? 'no timestamp' : `timestamp is not a date/time (${describeValue(o['timestamp'])})`;
  const input = obj(o['input']) ?? {};
  const output = obj(o['output']) ?? {};
  const inputTokens = count(input['inputTokenCount'], 'input.inputTokenCount');
  const outputTokens = count(output['outputTokenCount'], 'output.outputTokenCount');
  if (inputTokens === undefined && outputTokens === undefined) return 'no token counts (input.inputTokenCount, output.outputTokenCount)';
  const requestId = str(o['requestId']);
  const r = emptyRecord(requestId ? `bedrock:${requestId}` : '', ts, model);
  r.provider = 'bedrock';
  // The request body as Bedrock received it (Messages API, Converse, ...): its prompt is fingerprinted.
  r.prompt = promptOfRequest(input['inputBodyJson']) ?? null;
  r.inputTokens = inputTokens ?? 0;
  r.outputTokens = outputTokens ?? 0;
  r.cacheReadTokens = count(input['cacheReadInputTokenCount'], 'input.cacheReadInputTokenCount') ?? 0;
  // The logged response body (when text delivery is on) is the only place that says which TTL was written.
  const body = obj(output['outputBodyJson']);
  // The answer in the model's own body shape (Messages content, Converse output.message, completion, ...); a
  // streamed body is a list of chunks and is not read.
  r.response = body ? (responseText(body) ?? null) : null;
  const written = count(input['cacheWriteInputTokenCount'], 'input.cacheWriteInputTokenCount') ?? 0;
  const split = splitCacheWrites(written, obj(body?.['usage']), 'output.outputBodyJson.usage');
  r.cacheWrite5mTokens = split.w5m;
  r.cacheWrite1hTokens = split.w1h;
  r.serviceTier = serviceTierOf(body) ?? null;
  const arn = str(obj(o['identity'])?.['arn']);
  if (arn) {
    r.apiKey = arn;
    r.user = callerName(arn) ?? null;
  }
  // requestMetadata is the caller's own key/value map: attribution keys in it name the user, project, feature, tags.
  const meta = obj(o['requestMetadata']);
  if (meta) {
    const env = readEnvelope(meta);
    r.user = env.user ?? r.user;
    r.project = env.project ?? null;
    r.feature = env.feature ?? null;
    r.tags = env.tags;
  }
  return r;
}

export const bedrockInvocationLogAdapter = defineLineAdapter({
  name: 'bedrock',
  description: 'AWS Bedrock model invocation logs (ModelInvocationLog JSON lines from CloudWatch Logs or S3)',
  containers: ['jsonl', 'json'],
  detect: 20,
  recognize: isInvocationLog,
  unrecognized: 'not a Bedrock ModelInvocationLog record (schemaType, modelId, input)',
  read(o) {
    const errorCode = str(o['errorCode']);
    return errorCode ? failed(`request failed (${errorCodes([errorCode])})`) : readInvocationLog(o);
  },
});
