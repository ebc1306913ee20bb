import { bool, errorCodes, isObj, type Obj, pick, str, tags } from './fields.js';
import { providerId, sourceId } from './identity.js';
import { emptyRecord, type UsageRecord } from '../usage/record.js';
import { parseTimestamp } from '../util/time.js';

/** What a logging wrapper adds around a provider response object. */
export interface Envelope {
  ts?: number;
  model?: string;
  requestId?: string;
  provider?: string;
  user?: string;
  project?: string;
  feature?: string;
  apiKey?: string;
  tags: string[];
  batch?: boolean;
  serviceTier?: string;
}

const TS_KEYS = ['timestamp', 'ts', 'created_at', 'createdAt', 'logged_at', 'loggedAt', 'time', 'start_time', 'startTime', 'request_time', 'date'];
const ID_KEYS = ['request_id', 'requestId', 'x-request-id', 'log_id', 'id'];
const USER_KEYS = ['user', 'user_id', 'userId', 'end_user'];
const PROJECT_KEYS = ['project', 'project_id', 'projectId', 'team', 'team_id'];
const FEATURE_KEYS = ['feature', 'feature_name', 'endpoint_name', 'route', 'app'];
// Authorization-style fields last: they hold the credential itself, which is stored only redacted (redact.ts).
const KEY_KEYS = ['api_key', 'api_key_id', 'apiKey', 'key_alias', 'authorization', 'Authorization', 'x-api-key', 'X-Api-Key', 'api-key', 'Api-Key'];

/** Keys under which loggers put the provider object. */
const INNER_KEYS = ['response', 'body', 'result', 'completion', 'output_response'];

/** Finds the provider object inside an envelope: the bare object, or one found under response/body (one or two levels). */
export function unwrap(line: Obj, isProviderObject: (o: Obj) => boolean): { inner: Obj; envelope: Obj | undefined } | undefined {
  if (isProviderObject(line)) return { inner: line, envelope: undefined };
  for (const k of INNER_KEYS) {
    const v = line[k];
    if (!isObj(v)) continue;
    if (isProviderObject(v)) return { inner: v, envelope: line };
    for (const k2 of INNER_KEYS) {
      const v2 = v[k2];
      if (isObj(v2) && isProviderObject(v2)) return { inner: v2, envelope: { ...v, ...line } };
    }
  }
  return undefined;
}

/** Reads the envelope's own fields, looking into a `metadata` object too (where many gateways put tags). */
export function readEnvelope(env: Obj | undefined): Envelope {
  if (!env) return { tags: [] };
  const meta = isObj(env['metadata']) ? env['metadata'] : {};
  const both = (keys: string[]) => pick(env, keys) ?? pick(meta, keys);
  const result: Envelope = { tags: [...tags(env['tags']), ...tags(meta['tags'])] };
  const ts = parseTimestamp(both(TS_KEYS));
  if (ts !== null) result.ts = ts;
  const set = <K extends keyof Envelope>(k: K, v: Envelope[K] | undefined) => {
    if (v !== undefined) result[k] = v;
  };
  set('model', str(env['model']));
  set('requestId', str(both(ID_KEYS)));
  set('provider', str(both(['provider', 'custom_llm_provider'])));
  set('user', str(both(USER_KEYS)));
  set('project', str(both(PROJECT_KEYS)));
  set('feature', str(both(FEATURE_KEYS)));
  const headers = isObj(env['headers']) ? env['headers'] : isObj(meta['headers']) ? meta['headers'] : {};
  set('apiKey', str(both(KEY_KEYS) ?? pick(headers, KEY_KEYS)));
  set('batch', bool(both(['batch'])));
  set('serviceTier', str(both(['service_tier', 'serviceTier'])));
  return result;
}

/** Fills a record's envelope-level fields; the provider's own id and timestamp win over the envelope's. */
export function recordFrom(
  env: Envelope,
  provider: string,
  idPrefix: string,
  ownId: string | undefined,
  ownTs: number | undefined,
  model: string,
): UsageRecord {
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
 * The error a logged failed call carries (`error` at the top or under response/body), as the codes among
 * `codeFields` of an error object, or the error itself when it is a bare code.
 */
export function loggedError(line: Obj, codeFields: readonly string[]): string | undefined {
  for (const o of [line, line['response'], line['body']]) {
    if (!isObj(o) || o['error'] === undefined || o['error'] === null) continue;
    const e = o['error'];
    // Codes only: an error message is free text and can quote the prompt.
    return isObj(e) ? errorCodes(codeFields.map((f) => e[f])) : errorCodes([e]);
  }
  return undefined;
}
