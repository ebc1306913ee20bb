import { failed, type LineOutcome } from '../adapter.js';
import { count, errorCodes, isObj, type Obj, str } from '../fields.js';
import { defineLineAdapter } from './line-adapter.js';
import { readOpenAIObject } from './openai.js';
import { responseText } from '../response.js';

/**
 * OpenAI Batch API output and error files: one JSON line per request,
 * `{id, custom_id, response: {status_code, request_id, body}, error}`. The body is the Chat Completions /
 * Responses / Embeddings object the request would have returned on its own.
 */

/** A line of a batch output or error file: `custom_id` plus a response with a status code, or an error. */
function isBatchLine(v: Obj): boolean {
  if (typeof v['custom_id'] !== 'string' || !('response' in v)) return false;
  const response = v['response'];
  return isObj(response) ? 'status_code' in response : response === null && isObj(v['error']);
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

function readBatchLine(value: Obj): LineOutcome {
  // The error file's lines carry `error` and a null response: the request never ran (batch_expired ...).
  if (value['error'] !== undefined && value['error'] !== null) return failed(`request failed: ${describeError(value['error'])}`);
  const response = value['response'];
  if (!isObj(response)) return 'no response object and no error';
  const body = response['body'];
  if (!isObj(body)) return 'response.body is not an object';
  const failure = failureOf(response, body);
  if (failure) return failed(failure);
  const r = readOpenAIObject(body, { tags: [], batch: true });
  if (typeof r === 'string') return `response.body: ${r}`;
  if (!r.ts) return 'no timestamp: the response body has no created time (embeddings responses carry none)';
  // The body's own id (openai:chatcmpl-…) matches the same completion logged elsewhere; the batch
  // request id stands in for bodies without one.
  if (r.id === '' && str(value['id'])) r.id = `openai-batch:${str(value['id'])}`;
  // The body's answer (choices / output), fingerprinted when the request's prompt is known too.
  r.response = responseText(body) ?? null;
  // The prompt is in the batch input file, under the same custom_id: joined when that file is given too.
  r.prompt = { messages: [], joinKey: value['custom_id'] as string };
  return r;
}

export const openaiBatchAdapter = defineLineAdapter({
  name: 'openai-batch',
  description: 'OpenAI Batch API output or error files (JSON lines with custom_id and response.status_code / error)',
  containers: ['jsonl'],
  // 20 per line: a batch line also holds an OpenAI object under response.body, which the openai adapter scores 10.
  detect: 20,
  recognize: isBatchLine,
  read: readBatchLine,
});
