import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { UsageRecord } from '../../../src/usage/record.js';
import { chooseAdapter, sampleFor } from '../../../src/ingest/detect.js';
import { claudeCodeAdapter, claudeCodeLogDirs } from '../../../src/ingest/formats/claude-code.js';
import { fixture } from '../../helpers/cli.js';
import { runAdapter, totals } from '../../helpers/adapters.js';

// fixtures/usage/claude-code/ mirrors ~/.claude/projects/<project-dir>/<session-uuid>.jsonl:
//  -Users-dev-acme-api/3f9b2c1e-….jsonl  session A: a prompt; msg_01HcA1 streamed as 3 lines (thinking, text,
//      tool_use; usage output 8, 8, 412); a tool result; msg_01HcA2 (1h/5m cache-write split); a system note.
//  -Users-dev-acme-api/7c2e5a90-….jsonl  session B resumes A: a summary line, copies of A's lines 1, 4, 5, 6
//      (still carrying session A's id), a new prompt and msg_01HcB1 on branch feature/healthz, a synthetic
//      "No response requested." message, and an API error (529 overloaded).
//  -Users-dev-tools/c4d5e6f7-….jsonl     an older Claude Code (0.2.93, no gitBranch) that wrote costUSD:
//      msg_01TlC1 and msg_01TlC4 are fine, msg_01TlC2 has output_tokens "lots", msg_01TlC3 has no usage.
const A = '3f9b2c1e-7a4d-4e2b-9c1a-5d6e7f8a9b0c';
const B = '7c2e5a90-1b3d-4f6e-8a2c-9d0e1f2a3b4c';
const SESSION_A = fixture('usage', 'claude-code', '-Users-dev-acme-api', `${A}.jsonl`);
const SESSION_B = fixture('usage', 'claude-code', '-Users-dev-acme-api', `${B}.jsonl`);
const SESSION_C = fixture('usage', 'claude-code', '-Users-dev-tools', 'c4d5e6f7-0a1b-4c2d-8e3f-5a6b7c8d9e0f.jsonl');

const lines = (path: string): unknown[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as unknown);

const pick = (r: UsageRecord & { line: number }) => [
  r.id,
  r.line,
  r.inputTokens,
  r.cacheReadTokens,
  r.cacheWrite5mTokens,
  r.cacheWrite1hTokens,
  r.outputTokens,
];

const assistant = (id: string, requestId: string, output: number, extra: Record<string, unknown> = {}) => ({
  type: 'assistant',
  sessionId: 's1',
  uuid: `u-${id}-${output}`,
  parentUuid: null,
  cwd: '/w',
  timestamp: '2025-10-06T09:00:00Z',
  requestId,
  message: { id, type: 'message', role: 'assistant', model: 'claude-haiku-4-5', content: [], usage: { input_tokens: 10, output_tokens: output } },
  ...extra,
});

describe('claude-code adapter', () => {
  it('collapses the lines of one streamed response, keeping the largest usage, with session attribution', () => {
    const { records, skipped, failed } = runAdapter(claudeCodeAdapter, lines(SESSION_A));
    expect(skipped).toEqual([]);
    expect(failed).toEqual([]);
    // Lines 2-4 are one response (msg_01HcA1 + req_011CTa1QeH): output 8, 8, 412 → the line-4 usage.
    // Line 6: cache_creation_input_tokens 1,500 split 500 (5m) + 1,000 (1h).
    expect(records.map(pick)).toEqual([
      ['msg_01HcA1xYz', 4, 4, 12_000, 2000, 0, 412],
      ['msg_01HcA2pQr', 6, 6, 14_000, 500, 1000, 230],
    ]);
    expect(records[0]).toMatchObject({
      ts: Date.parse('2025-10-06T09:00:06.900Z'),
      provider: 'anthropic',
      model: 'claude-sonnet-4-5-20250929',
      reasoningTokens: 0,
      requests: 1,
      batch: false,
      serviceTier: 'standard',
      reportedCostUsd: null,
      project: '/Users/dev/acme-api',
      feature: 'claude-code',
      user: null,
      tags: [`session:${A}`, 'branch:main'],
    });
  });

  it('gives a resumed session the same ids for repeated messages, and counts API errors as failed', () => {
    const { records, skipped, failed } = runAdapter(claudeCodeAdapter, lines(SESSION_B));
    // Copies keep session A's id and ids; the new response is session B's, on its branch. The summary, the
    // prompts, the tool result and the synthetic "No response requested." (line 8) are neither records nor skips.
    expect(records.map((r) => [r.id, r.line, r.tags])).toEqual([
      ['msg_01HcA1xYz', 3, [`session:${A}`, 'branch:main']],
      ['msg_01HcA2pQr', 5, [`session:${A}`, 'branch:main']],
      ['msg_01HcB1sTu', 7, [`session:${B}`, 'branch:feature/healthz']],
    ]);
    // No cache_creation split on line 7: all 800 written tokens are 5-minute writes.
    expect(records[2]).toMatchObject({ inputTokens: 10, cacheReadTokens: 15_000, cacheWrite5mTokens: 800, cacheWrite1hTokens: 0, outputTokens: 95 });
    expect(skipped).toEqual([]);
    expect(failed).toEqual([{ line: 10, reason: 'API error 529 logged by Claude Code (server_error)' }]);
  });

  it('keeps the cost older versions wrote (costUSD) and skips broken assistant lines, saying why', () => {
    const { records, skipped } = runAdapter(claudeCodeAdapter, lines(SESSION_C));
    expect(records.map(pick)).toEqual([
      ['msg_01TlC1aBc', 2, 1200, 0, 3000, 0, 300],
      ['msg_01TlC4sTu', 6, 500, 4200, 0, 0, 400],
    ]);
    expect(records.map((r) => [r.reportedCostUsd, r.serviceTier, r.tags])).toEqual([
      [0.01935, null, ['session:c4d5e6f7-0a1b-4c2d-8e3f-5a6b7c8d9e0f']],
      [0.00876, null, ['session:c4d5e6f7-0a1b-4c2d-8e3f-5a6b7c8d9e0f']],
    ]);
    expect(skipped).toEqual([
      { line: 3, reason: 'usage.output_tokens is not a number (a text of 4 characters)' },
      { line: 4, reason: 'assistant message without usage (message.usage)' },
    ]);
    // 1,200 + 500 input, 3,000 written, 4,200 read, 300 + 400 output; $0.01935 + $0.00876 reported.
    const t = totals(records);
    expect(t).toMatchObject({ records: 2, requests: 2, input: 1700, cacheRead: 4200, cacheWrite5m: 3000, output: 700 });
    expect(t.reportedCostUsd).toBeCloseTo(0.02811, 12);
  });

  it('collapses blocks that are not adjacent, and holds only a bounded number of responses', () => {
    // Two responses interleaved with a tool result: each keeps its largest usage.
    const { records } = runAdapter(claudeCodeAdapter, [
      assistant('msg_1', 'req_1', 5),
      { type: 'user', sessionId: 's1', uuid: 'u', parentUuid: null, message: { role: 'user', content: [] } },
      assistant('msg_2', 'req_2', 7),
      assistant('msg_1', 'req_1', 50),
      assistant('msg_2', 'req_2', 3),
    ]);
    expect(records.map((r) => [r.id, r.outputTokens, r.line])).toEqual([
      ['msg_1', 50, 4],
      ['msg_2', 7, 3],
    ]);
    // 17 distinct responses: the oldest is emitted as soon as more than 16 are held, before the file ends.
    const emitted: string[] = [];
    const parser = claudeCodeAdapter.open({ record: (r) => emitted.push(r.id), skip: () => {}, fail: () => {} });
    for (let i = 1; i <= 17; i++) parser.push(assistant(`msg_${i}`, `req_${i}`, 1), i);
    expect(emitted).toEqual(['msg_1']);
    parser.finish();
    expect(emitted).toHaveLength(17);
  });

  it('ignores every transcript line that is not an assistant message, and skips broken lines', () => {
    const { records, skipped, failed } = runAdapter(claudeCodeAdapter, [
      { type: 'summary', summary: 'x', leafUuid: 'l' },
      { type: 'file-history-snapshot', messageId: 'm', snapshot: { trackedFileBackups: {} }, isSnapshotUpdate: false },
      { type: 'queue-operation', operation: 'enqueue', sessionId: 's1', timestamp: '2025-10-06T09:00:00Z', content: 'hi' },
      { type: 'system', subtype: 'compact_boundary', sessionId: 's1', uuid: 'u', content: 'Conversation compacted' },
      { type: 'user', sessionId: 's1', uuid: 'u2', message: { role: 'user', content: 'hi' } },
      ['not', 'an', 'object'],
      { type: 'assistant', sessionId: 's1', uuid: 'u3', timestamp: '2025-10-06T09:00:00Z', message: 'oops' },
      assistant('msg_9', 'req_9', 1, { timestamp: undefined }),
      assistant('msg_10', 'req_10', 1, { message: { id: 'msg_10', model: '', usage: { input_tokens: 1, output_tokens: 1 } } }),
    ]);
    expect(records).toEqual([]);
    expect(failed).toEqual([]);
    expect(skipped).toEqual([
      { line: 6, reason: 'not a JSON object' },
      { line: 7, reason: 'assistant line without a message object' },
      { line: 8, reason: 'no timestamp on the assistant line' },
      { line: 9, reason: 'assistant message without a model (message.model)' },
    ]);
  });

  it('is detected from the first lines of a session, even when they are only summaries and prompts', () => {
    for (const file of [SESSION_A, SESSION_B, SESSION_C]) {
      expect(chooseAdapter(sampleFor('jsonl', readFileSync(file, 'utf8')), file).name).toBe('claude-code');
    }
    const [, first] = lines(SESSION_A);
    expect(chooseAdapter({ container: 'jsonl', values: [{ type: 'summary', summary: 'x', leafUuid: 'l' }, lines(SESSION_A)[0]] }, 'f').name).toBe(
      'claude-code',
    );
    expect(claudeCodeAdapter.detect({ container: 'jsonl', values: [first] })).toBe(20);
  });

  it('is not detected on near misses: Messages API logs, Codex rollouts, other logs with a sessionId', () => {
    const anthropicLog = {
      timestamp: '2025-10-06T09:00:00Z',
      response: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-haiku-4-5', usage: { input_tokens: 1, output_tokens: 1 } },
    };
    expect(claudeCodeAdapter.detect({ container: 'jsonl', values: [anthropicLog] })).toBe(0);
    const codex = fixture('usage', 'codex', '2025', '10', '02', 'rollout-2025-10-02T10-00-00-0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b.jsonl');
    expect(claudeCodeAdapter.detect(sampleFor('jsonl', readFileSync(codex, 'utf8')))).toBe(0);
    expect(claudeCodeAdapter.detect({ container: 'jsonl', values: [{ type: 'event', sessionId: 's', name: 'click' }] })).toBe(0);
    expect(claudeCodeAdapter.detect({ container: 'csv', header: ['sessionId', 'type', 'uuid'] })).toBe(0);
  });
});

describe('claudeCodeLogDirs', () => {
  it('uses each $CLAUDE_CONFIG_DIR entry, else both default homes', () => {
    expect(claudeCodeLogDirs({ CLAUDE_CONFIG_DIR: '/a/claude, /b/claude/ ,' }, '/home/u')).toEqual(['/a/claude/projects', '/b/claude/projects']);
    expect(claudeCodeLogDirs({}, '/home/u')).toEqual(['/home/u/.claude/projects', '/home/u/.config/claude/projects']);
    expect(claudeCodeLogDirs({ XDG_CONFIG_HOME: '/cfg' }, '/home/u')).toEqual(['/home/u/.claude/projects', '/cfg/claude/projects']);
  });
});
