import { describe, expect, it } from 'vitest';
import { incomingWins, providerId, sourceId } from '../../src/ingest/identity.js';
import { isProviderRequestId, type Copy } from '../../src/usage/identity.js';

const copy = (over: Partial<Copy>): Copy => ({
  inputTokens: 100,
  cacheReadTokens: 0,
  cacheWrite5mTokens: 0,
  cacheWrite1hTokens: 0,
  outputTokens: 10,
  reasoningTokens: 0,
  requests: 1,
  reportedCostUsd: null,
  replay: false,
  fetchedAt: 1000,
  contentHash: 'a',
  line: 1,
  ...over,
});

describe('record keys', () => {
  it('keeps provider request ids bare and global, namespaces and scopes the rest', () => {
    for (const id of ['chatcmpl-B9x', 'resp_68a1', 'msg_01XyZ', 'gen-1759413791-Xk2p', 'cmpl-7QmV']) expect(isProviderRequestId(id)).toBe(true);
    for (const id of ['1', 'req-42', 'chatcmpl-', 'chatcmpl-a.b', 'MSG_1', '7b2d9c44-0e3f-4a61-8d25-5f9a1c3e7b02']) expect(isProviderRequestId(id)).toBe(false);
    expect(providerId('litellm', 'chatcmpl-Bf3k')).toBe('chatcmpl-Bf3k');
    expect(providerId('litellm', 'chatcmpl-Bf3k_cache_hit1748855800.512')).toBe('litellm:chatcmpl-Bf3k_cache_hit1748855800.512');
    expect(sourceId('42')).toBe('local:42');
    expect(sourceId('msg_01Ab')).toBe('msg_01Ab');
  });
});

describe('settling two copies of one key', () => {
  it("'latest': the file written last wins, then the larger content hash, then the later line", () => {
    expect(incomingWins('latest', copy({ fetchedAt: 1000 }), copy({ fetchedAt: 2000, outputTokens: 1 }))).toBe(true);
    expect(incomingWins('latest', copy({ fetchedAt: 2000 }), copy({ fetchedAt: 1000, outputTokens: 99 }))).toBe(false);
    expect(incomingWins('latest', copy({ contentHash: 'a' }), copy({ contentHash: 'b' }))).toBe(true);
    expect(incomingWins('latest', copy({ line: 5 }), copy({ line: 4 }))).toBe(false);
  });

  it("'complete': more usage, then more token kinds told apart, then the parent over a replay, then the earlier file", () => {
    expect(incomingWins('complete', copy({ outputTokens: 10 }), copy({ outputTokens: 90, fetchedAt: 1 }))).toBe(true);
    expect(incomingWins('complete', copy({ outputTokens: 90 }), copy({ outputTokens: 10, fetchedAt: 9999 }))).toBe(false);
    // 5,000 cache-write tokens as 1,000 5m + 4,000 1h tell more apart than 5,000 5m.
    expect(incomingWins('complete', copy({ cacheWrite5mTokens: 1000, cacheWrite1hTokens: 4000 }), copy({ cacheWrite5mTokens: 5000 }))).toBe(false);
    expect(incomingWins('complete', copy({ replay: true }), copy({ replay: false }))).toBe(true);
    expect(incomingWins('complete', copy({ replay: false }), copy({ replay: true }))).toBe(false);
    expect(incomingWins('complete', copy({ fetchedAt: 2000 }), copy({ fetchedAt: 1000 }))).toBe(true);
  });
});

describe('one list of report formats', () => {
  it('settles by the later fetch exactly the formats the audit treats as pre-aggregated buckets', async () => {
    const { ADAPTERS } = await import('../../src/ingest/formats/index.js');
    const { BUCKET_FORMATS } = await import('../../src/db/queries.js');
    expect(
      ADAPTERS.filter((a) => a.revised)
        .map((a) => a.name)
        .sort(),
    ).toEqual([...BUCKET_FORMATS].sort());
  });
});
