import { promptOfEnvelope } from '../prompt.js';
import { providerId, sourceId } from '../identity.js';
import type { DetectSample, RecordSink } from '../adapter.js';
import { readEnvelope, unwrap, type Envelope } from '../envelope.js';
import { errorCodes, FieldError, isObj, type Obj } from '../fields.js';
import { emptyRecord, type UsageRecord } from '../record.js';

/** Counts how many sampled JSON values hold a provider object of this kind (bare or in an envelope). */
export function countRecognized(sample: DetectSample, isProviderObject: (o: Obj) => boolean): number {
  if (sample.container === 'csv') return 0;
  let hits = 0;
  for (const v of sample.values) if (isObj(v) && unwrap(v, isProviderObject)) hits++;
  // Most lines must fit: a file that only mentions such objects now and then is not this format.
  return hits > 0 && hits * 2 >= sample.values.length ? hits : 0;
}

/** Fills a record's envelope-level fields; the provider's own id and timestamp win over the envelope's. */
export function recordFrom(env: Envelope, provider: string, idPrefix: string, ownId: string | undefined, ownTs: number | undefined, model: string): UsageRecord {
  const ts = ownTs ?? env.ts ?? 0;
  // A provider's own id is global; a logger's request id only means something inside its log (identity.ts).
  const id = ownId ? providerId(idPrefix, ownId) : env.requestId ? sourceId(env.requestId) : '';
  const r = emptyRecord(id, ts, model);
  r.provider = env.provider ?? provider;
  r.user = env.user ?? null;
  r.project = env.project ?? null;
  r.feature = env.feature ?? null;
  r.apiKey = env.apiKey ?? null;
  r.tags = env.tags;
  if (env.batch !== undefined) r.batch = env.batch;
  if (env.serviceTier !== undefined) r.serviceTier = env.serviceTier;
  return r;
}

/**
 * Runs one line through an adapter's reader: unwraps the envelope, and turns a FieldError (or a missing
 * provider object) into a skip with its reason.
 */
export function readProviderLine(
  value: unknown,
  line: number,
  sink: RecordSink,
  isProviderObject: (o: Obj) => boolean,
  what: string,
  read: (inner: Obj, env: Envelope) => UsageRecord | string,
): void {
  if (!isObj(value)) {
    sink.skip(line, `not a JSON object`);
    return;
  }
  const found = unwrap(value, isProviderObject);
  if (!found) {
    const error = apiError(value);
    sink.skip(line, error ? `API error response without usage (${error})` : `no ${what} found (bare, or under "response"/"body")`);
    return;
  }
  try {
    const env = readEnvelope(found.envelope);
    const result = read(found.inner, env);
    if (typeof result === 'string') {
      sink.skip(line, result);
      return;
    }
    if (!result.ts) {
      sink.skip(line, 'no timestamp: the object has none and no envelope field (timestamp, ts, created_at, logged_at) gives one');
      return;
    }
    // A logger that keeps the request beside the response gives the prompt (fingerprinted, not stored).
    result.prompt ??= promptOfEnvelope(found.envelope) ?? null;
    sink.record(result, line);
  } catch (err) {
    if (err instanceof FieldError) sink.skip(line, err.message);
    else throw err;
  }
}

/** The error a logged failed call carries (`error` at the top or under response/body), as its type and code. */
function apiError(value: Obj): string | undefined {
  for (const o of [value, value['response'], value['body']]) {
    if (!isObj(o) || o['error'] === undefined || o['error'] === null) continue;
    const e = o['error'];
    // Codes only: an error message is free text and can quote the prompt.
    return isObj(e) ? errorCodes([e['type'], e['code']]) : errorCodes([e]);
  }
  return undefined;
}
