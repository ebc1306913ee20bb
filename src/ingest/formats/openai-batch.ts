import type { DetectSample, FormatAdapter, RecordSink } from '../adapter.js';
import { count, errorCodes, FieldError, isObj, type Obj, str } from '../fields.js';
import { readOpenAIObject } from './openai.js';

/**
 * OpenAI Batch API output and error files: one JSON line per request,
 * `{id, custom_id, response: {status_code, request_id, body}, error}`. The body is the Chat Completions /
 * Responses / Embeddings object the request would have returned on its own.
 */

/** A line of a batch output or error file: `custom_id` plus a response with a status code, or an error. */
function isBatchLine(v: unknown): boolean {
  if (!isObj(v) || typeof v['custom_id'] !== 'string' || !('response' in v)) return false;
  const response = v['response'];
  return isObj(response) ? 'status_code' in response : response === null && isObj(v['error']);
}

function detectBatch(sample: DetectSample): number {
  if (sample.container === 'csv') return 0;
  const hits = sample.values.filter(isBatchLine).length;
  // 20 per line: a batch line also holds an OpenAI object under response.body, which the openai adapter scores 10.
  return hits > 0 && hits * 2 >= sample.values.length ? hits * 20 : 0;
}

/** An API error object by its code and type; its message is free text (it can quote the prompt) and is left out. */
function describeError(e: unknown): string {
  if (!isObj(e)) return errorCodes([e], 'an error without a code');
  return errorCodes([e['code'], e['type']], 'an error without a code');
}

/** Why the request on this line failed, or undefined when it succeeded with usage. */
function failureOf(response: Obj, body: Obj): string | undefined {
  const status = count(response['status_code'], 'response.status_code');
  if (status !== undefined && (status < 200 || status > 299)) {
    return `request failed with HTTP ${status}${body['error'] !== undefined && body['error'] !== null ? ` (${describeError(body['error'])})` : ''}`;
  }
  if (!isObj(body['usage'])) return 'response body has no usage';
  return undefined;
}

function readBatchLine(value: unknown, line: number, sink: RecordSink): void {
  if (!isObj(value)) {
    sink.skip(line, 'not a JSON object');
    return;
  }
  // The error file's lines carry `error` and a null response: the request never ran (batch_expired ...).
  if (value['error'] !== undefined && value['error'] !== null) {
    sink.fail(line, `request failed: ${describeError(value['error'])}`);
    return;
  }
  const response = value['response'];
  if (!isObj(response)) {
    sink.skip(line, 'no response object and no error');
    return;
  }
  const body = response['body'];
  if (!isObj(body)) {
    sink.skip(line, 'response.body is not an object');
    return;
  }
  try {
    const failure = failureOf(response, body);
    if (failure) {
      sink.fail(line, failure);
      return;
    }
    const r = readOpenAIObject(body, { tags: [], batch: true });
    if (typeof r === 'string') {
      sink.skip(line, `response.body: ${r}`);
      return;
    }
    if (!r.ts) {
      sink.skip(line, 'no timestamp: the response body has no created time (embeddings responses carry none)');
      return;
    }
    // The body's own id (openai:chatcmpl-…) matches the same completion logged elsewhere; the batch
    // request id stands in for bodies without one.
    if (r.id === '' && str(value['id'])) r.id = `openai-batch:${str(value['id'])}`;
    sink.record(r, line);
  } catch (err) {
    if (err instanceof FieldError) sink.skip(line, err.message);
    else throw err;
  }
}

export const openaiBatchAdapter: FormatAdapter = {
  name: 'openai-batch',
  description: 'OpenAI Batch API output or error files (JSON lines with custom_id and response.status_code / error)',
  containers: ['jsonl'],
  detect: detectBatch,
  open(sink) {
    return {
      push: (value, line) => readBatchLine(value, line, sink),
      finish() {},
    };
  },
};
