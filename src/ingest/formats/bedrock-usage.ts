import { count, isObj, obj, type Obj, str } from '../fields.js';

/**
 * Pieces shared by the two Bedrock formats. Bedrock bills cache writes at the 5-minute rate unless the
 * request asked for a 1-hour TTL; the split is only known where a response body says it.
 */

/**
 * Splits a request's cache writes into 5-minute and 1-hour writes, using a response usage object when one
 * is at hand: Converse `usage.cacheDetails` ([{ttl: "5m"|"1h", inputTokens}]) or an Anthropic Messages
 * body's `usage.cache_creation.ephemeral_1h_input_tokens`. Without either, all writes are 5-minute writes.
 */
export function splitCacheWrites(total: number, usage: Obj | undefined, path: string): { w5m: number; w1h: number } {
  let hour = 0;
  const details = usage?.['cacheDetails'];
  if (Array.isArray(details)) {
    details.forEach((d, i) => {
      if (isObj(d) && d['ttl'] === '1h') hour += count(d['inputTokens'], `${path}.cacheDetails[${i}].inputTokens`) ?? 0;
    });
  } else {
    const creation = obj(usage?.['cache_creation']);
    hour = count(creation?.['ephemeral_1h_input_tokens'], `${path}.cache_creation.ephemeral_1h_input_tokens`) ?? 0;
  }
  const w1h = Math.min(hour, total);
  return { w5m: total - w1h, w1h };
}

/**
 * The caller named by an IAM ARN: the resource after its type, e.g. "alice" for
 * arn:aws:iam::123456789012:user/alice and "BedrockApp/session-1" for
 * arn:aws:sts::123456789012:assumed-role/BedrockApp/session-1.
 */
export function callerName(arn: string): string | undefined {
  const resource = arn.split(':').slice(5).join(':');
  const slash = resource.indexOf('/');
  return (slash >= 0 ? resource.slice(slash + 1) : resource) || undefined;
}

/** A Bedrock service tier as a response states it (`serviceTier: {type: "priority"|"default"|"flex"|"reserved"}`). */
export function serviceTierOf(o: Obj | undefined): string | undefined {
  return str(obj(o?.['serviceTier'])?.['type']);
}
