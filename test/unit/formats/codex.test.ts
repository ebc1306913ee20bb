import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chooseAdapter, sampleFor } from '../../../src/ingest/detect.js';
import { codexAdapter, codexLogDirs } from '../../../src/ingest/formats/codex.js';
import type { UsageRecord } from '../../../src/usage/record.js';
import { fixture } from '../../helpers/cli.js';
import { runAdapter, totals } from '../../helpers/adapters.js';

// fixtures/usage/codex/ mirrors ~/.codex/sessions/YYYY/MM/DD/rollout-<time>-<session>.jsonl.
// Session S1 (2025-10-02), running totals as (input incl. cached, cached, output incl. reasoning, reasoning, total):
//  line  5 turn_context gpt-5-codex;  line 6 token_count with info null
//  line 10 (8,000, 0, 600, 448, 8,600)
//  line 12 the same totals again (sent with a rate-limit update)
//  line 13 (17,500, 7,936, 900, 512, 18,400)
//  line 16 turn_context gpt-5
//  line 17 (30,500, 19,200, 2,100, 1,536, 32,600)
//  line 18 input_tokens "n/a"
// Session S2 (2025-10-03) is a fork of S1: its own session_meta (branch fix/retry), then copies of S1's
// session_meta, turn_contexts and token_counts (lines 2-7), a turn_context gpt-5-codex (line 8), info null
// (line 10), (45,000, 31,744, 2,600, 1,792, 47,600) at line 11 and the same totals again at line 12.
const S1 = '0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const S2 = '0199a6c7-d8e9-7f0a-9b1c-2d3e4f5a6b7c';
const FILE_1 = fixture('usage', 'codex', '2025', '10', '02', `rollout-2025-10-02T10-00-00-${S1}.jsonl`);
const FILE_2 = fixture('usage', 'codex', '2025', '10', '03', `rollout-2025-10-03T15-20-00-${S2}.jsonl`);

const lines = (path: string): unknown[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as unknown);

const figures = (r: UsageRecord & { line: number }) => [r.id, r.line, r.model, r.inputTokens, r.cacheReadTokens, r.outputTokens, r.reasoningTokens];

const meta = (id: string) => ({
  timestamp: '2025-10-02T10:00:00Z',
  type: 'session_meta',
  payload: { id, cwd: '/w', originator: 'codex_cli_rs', cli_version: '0.44.0' },
});
const turn = (model: string) => ({ timestamp: '2025-10-02T10:00:01Z', type: 'turn_context', payload: { cwd: '/w', model, effort: 'medium' } });
const usage = (input: number, cached: number, output: number, reasoning: number, total = input + output) => ({
  input_tokens: input,
  cached_input_tokens: cached,
  output_tokens: output,
  reasoning_output_tokens: reasoning,
  total_tokens: total,
});
const tokenCount = (total: unknown) => ({
  timestamp: '2025-10-02T10:00:02Z',
  type: 'event_msg',
  payload: { type: 'token_count', info: { total_token_usage: total, last_token_usage: null, model_context_window: 272000 } },
});

describe('codex adapter', () => {
  it('differences the running totals into one record per event that used tokens', () => {
    const { records, skipped, failed } = runAdapter(codexAdapter, lines(FILE_1));
    // line 10: 8,000 in (none cached), 600 out (448 reasoning)
    // line 13: 17,500 − 8,000 = 9,500 in, of which 7,936 − 0 cached → 1,564 plain; 900 − 600 = 300 out, 512 − 448 = 64 reasoning
    // line 17: 30,500 − 17,500 = 13,000 in, 19,200 − 7,936 = 11,264 cached → 1,736 plain; 1,200 out, 1,024 reasoning;
    //          the model is gpt-5 from the turn_context at line 16
    expect(records.map(figures)).toEqual([
      [`codex:${S1}:8600`, 10, 'gpt-5-codex', 8000, 0, 600, 448],
      [`codex:${S1}:18400`, 13, 'gpt-5-codex', 1564, 7936, 300, 64],
      [`codex:${S1}:32600`, 17, 'gpt-5', 1736, 11_264, 1200, 1024],
    ]);
    expect(records[0]).toMatchObject({
      ts: Date.parse('2025-10-02T10:00:14.880Z'),
      provider: 'openai',
      cacheWrite5mTokens: 0,
      requests: 1,
      serviceTier: null,
      reportedCostUsd: null,
      project: '/Users/dev/acme-api',
      feature: 'codex',
      tags: [`session:${S1}`, 'branch:main'],
    });
    expect(skipped).toEqual([{ line: 18, reason: 'payload.info.total_token_usage.input_tokens is not a number (a text of 3 characters)' }]);
    expect(failed).toEqual([]);
    // The three records add up to the last good running totals.
    expect(totals(records)).toMatchObject({ input: 8000 + 1564 + 1736, cacheRead: 19_200, output: 2100, reasoning: 1536 });
  });

  it("gives a fork's copied events its parent's ids, and attributes new events to the fork's own session", () => {
    const { records, skipped } = runAdapter(codexAdapter, lines(FILE_2));
    // line 11: 45,000 − 30,500 = 14,500 in, 31,744 − 19,200 = 12,544 cached → 1,956 plain; 500 out, 256 reasoning
    expect(records.map(figures)).toEqual([
      [`codex:${S1}:8600`, 4, 'gpt-5-codex', 8000, 0, 600, 448],
      [`codex:${S1}:18400`, 5, 'gpt-5-codex', 1564, 7936, 300, 64],
      [`codex:${S1}:32600`, 7, 'gpt-5', 1736, 11_264, 1200, 1024],
      [`codex:${S1}:47600`, 11, 'gpt-5-codex', 1956, 12_544, 500, 256],
    ]);
    expect(records[3]!.tags).toEqual([`session:${S2}`, 'branch:fix/retry']);
    expect(skipped).toEqual([]);
  });

  it('starts over when the totals go down (a context-window refill), under ids that cannot collide', () => {
    const { records } = runAdapter(codexAdapter, [
      meta('s'),
      turn('gpt-5'),
      tokenCount(usage(300_000, 200_000, 4000, 1000)),
      // Codex's fill_to_context_window: every count 0 but total_tokens = the context window. Nothing was used.
      tokenCount(usage(0, 0, 0, 0, 272_000)),
      tokenCount(usage(5000, 1000, 100, 0, 272_000 + 5100)),
    ]);
    expect(records.map(figures)).toEqual([
      ['codex:s:304000', 3, 'gpt-5', 100_000, 200_000, 4000, 1000],
      ['codex:s:277100:restart1', 5, 'gpt-5', 4000, 1000, 100, 0],
    ]);
  });

  it('skips an event that no turn_context names a model for, without losing its totals', () => {
    const { records, skipped } = runAdapter(codexAdapter, [meta('s'), tokenCount(usage(1000, 0, 10, 0)), turn('gpt-5'), tokenCount(usage(1500, 0, 30, 0))]);
    expect(skipped).toEqual([{ line: 2, reason: 'no model: no turn_context line before this token_count event names one' }]);
    // 1,500 − 1,000 in, 30 − 10 out: the skipped event's tokens are not counted again.
    expect(records.map(figures)).toEqual([['codex:s:1530', 4, 'gpt-5', 500, 0, 20, 0]]);
  });

  it('reads cache writes where newer versions report them, as part of input', () => {
    const { records } = runAdapter(codexAdapter, [meta('s'), turn('gpt-5'), tokenCount({ ...usage(10_000, 6000, 200, 0), cache_write_input_tokens: 3000 })]);
    expect(records[0]).toMatchObject({ inputTokens: 1000, cacheReadTokens: 6000, cacheWrite5mTokens: 3000, outputTokens: 200 });
  });

  it('ignores other rollout items and skips lines that are not rollout items', () => {
    const { records, skipped } = runAdapter(codexAdapter, [
      meta('s'),
      { timestamp: '2025-10-02T10:00:01Z', type: 'compacted', payload: { message: 'summary' } },
      { timestamp: '2025-10-02T10:00:01Z', type: 'event_msg', payload: { type: 'agent_message', message: 'hi' } },
      { timestamp: '2025-10-02T10:00:01Z', type: 'event_msg', payload: { type: 'token_count', info: null, rate_limits: null } },
      { timestamp: '2025-10-02T10:00:01Z', type: 'event_msg', payload: { type: 'token_count', info: 'x' } },
      { timestamp: '2025-10-02T10:00:01Z', type: 'event_msg', payload: { type: 'token_count', info: { total_token_usage: { input_tokens: 5 } } } },
      { type: 'message', role: 'user', content: [] },
      42,
    ]);
    expect(records).toEqual([]);
    expect(skipped).toEqual([
      { line: 5, reason: 'payload.info is not an object' },
      { line: 6, reason: 'payload.info.total_token_usage.output_tokens is missing' },
      { line: 7, reason: 'not a Codex rollout line (timestamp, type and payload)' },
      { line: 8, reason: 'not a JSON object' },
    ]);
  });

  it('is detected from a rollout file, and not from near misses', () => {
    for (const file of [FILE_1, FILE_2]) expect(chooseAdapter(sampleFor('jsonl', readFileSync(file, 'utf8')), file).name).toBe('codex');
    expect(codexAdapter.detect({ container: 'jsonl', values: [meta('s')] })).toBe(20);
    // `codex exec --json` prints a different event stream; it is not a session log.
    const execJson = [
      { type: 'thread.started', thread_id: 't' },
      { type: 'turn.completed', usage: { input_tokens: 10, cached_input_tokens: 0, output_tokens: 2 } },
    ];
    expect(codexAdapter.detect({ container: 'jsonl', values: execJson })).toBe(0);
    // Rollouts written before Codex logged token counts: a bare metadata line, then bare response items.
    const older = [
      { id: S1, timestamp: '2025-06-02T10:00:00Z', instructions: null, git: { branch: 'main' } },
      { type: 'message', role: 'user', content: [] },
      { record_type: 'state' },
    ];
    expect(codexAdapter.detect({ container: 'jsonl', values: older })).toBe(0);
    const claude = fixture('usage', 'claude-code', '-Users-dev-acme-api', '3f9b2c1e-7a4d-4e2b-9c1a-5d6e7f8a9b0c.jsonl');
    expect(codexAdapter.detect(sampleFor('jsonl', readFileSync(claude, 'utf8')))).toBe(0);
    expect(codexAdapter.detect({ container: 'jsonl', values: [{ timestamp: 't', type: 'click', payload: {} }] })).toBe(0);
  });
});

describe('codexLogDirs', () => {
  it('uses $CODEX_HOME/sessions, else ~/.codex/sessions', () => {
    expect(codexLogDirs({ CODEX_HOME: '/opt/codex' }, '/home/u')).toEqual(['/opt/codex/sessions']);
    expect(codexLogDirs({ CODEX_HOME: ' ' }, '/home/u')).toEqual(['/home/u/.codex/sessions']);
    expect(codexLogDirs({}, '/home/u')).toEqual(['/home/u/.codex/sessions']);
  });
});
