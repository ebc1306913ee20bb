import { appendFileSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agentEnv, assistantLine, SESSION_A, writeAgentLogs } from '../../helpers/agent-logs.js';
import { llmcost, tempDir, type RunResult } from '../../helpers/cli.js';

// The logs (test/helpers/agent-logs.ts), priced by the bundled catalog, per 1M tokens:
//   claude-sonnet-4-5 $3 input, $15 output, $0.30 cache read, $3.75 5-minute cache write;
//   claude-haiku-4-5 $1 / $5; gpt-5 $1.25 input, $0.125 cached input, $10 output.
// Session A (/work/shop, Sonnet 4.5): a1 2025-10-05 09:10 $0.0705; a2 2025-10-06 10:20 $0.0213; a3 11:50 $0.0771.
// Session B (/work/blog, Haiku 4.5): b1 2025-10-06 04:00 $0.01. Codex (/work/shop, gpt-5): 2025-10-06 08:00 $0.013.
// "Now" is 2025-10-06 12:30 UTC.

let home: string;
let cleanup: () => void;
let db: string;
beforeEach(() => {
  ({ dir: home, cleanup } = tempDir());
  db = join(home, 'usage.db');
  writeAgentLogs(home);
});
afterEach(() => cleanup());

const run = (args: string[], opts: { input?: string; now?: string } = {}): RunResult =>
  llmcost(['--db', db, ...args], { env: agentEnv(home, opts.now), ...(opts.input !== undefined ? { input: opts.input } : {}) });
const json = (args: string[]) => {
  const r = run([...args, '--json']);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
};
const costs = (rows: { key: string; costUsd: number }[]) => rows.map((r) => [r.key, r.costUsd]);

describe('daily, weekly, monthly', () => {
  it('read the agent logs and sum each day exactly', () => {
    const doc = json(['daily']);
    expect(doc.database).toBe(db);
    expect(doc.ingest).toMatchObject({ files: 3, read: 3, added: 5 });
    // 10-06: 0.0213 + 0.0771 + 0.01 + 0.013 = 0.1214
    expect(costs(doc.rows)).toEqual([
      ['2025-10-05', 0.0705],
      ['2025-10-06', 0.1214],
    ]);
    expect(doc.totals).toEqual({
      requests: 5,
      inputTokens: 12300,
      outputTokens: 8500,
      cacheWriteTokens: 12000,
      cacheReadTokens: 54000,
      totalTokens: 86800,
      costUsd: 0.1919,
      unpricedRequests: 0,
    });
    // Per model, costliest first: Sonnet a2 + a3 = 0.0984, then gpt-5 0.013, Haiku 0.01.
    expect(doc.rows[1].breakdown.map((m: { model: string; costUsd: number }) => [m.model, m.costUsd])).toEqual([
      ['claude-sonnet-4-5', 0.0984],
      ['gpt-5', 0.013],
      ['claude-haiku-4-5', 0.01],
    ]);
  });

  it('prints one compact table, per model with --breakdown, and says which database it read', () => {
    const r = run(['daily', '--breakdown']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      [
        'Claude Code and Codex usage per day, UTC',
        '',
        'Date                 Input  Output  Cache wr  Cache rd  Total   Cost',
        '2025-10-05              1K      2K       10K         0    13K  $0.07',
        '  claude-sonnet-4-5     1K      2K       10K         0    13K  $0.07',
        '2025-10-06           11.3K    6.5K        2K       54K  73.8K  $0.12',
        '  claude-sonnet-4-5    300      5K        2K       50K  57.3K  $0.10',
        '  gpt-5                 6K     500         0        4K  10.5K  $0.01',
        '  claude-haiku-4-5      5K      1K         0         0     6K  $0.01',
        'Total                12.3K    8.5K       12K       54K  86.8K  $0.19',
        '',
      ].join('\n'),
    );
    expect(r.stderr).toBe(`llmcost: read 3 new or changed agent log files: 5 new records\nllmcost: database ${db}\n`);
    expect(Math.max(...r.stdout.split('\n').map((l) => l.length))).toBeLessThanOrEqual(80);
  });

  it('weeks start on Monday, months are calendar months; -s/-u, --project and --agent narrow the rows', () => {
    // 2025-10-05 is a Sunday.
    expect(costs(json(['weekly']).rows)).toEqual([
      ['2025-09-29', 0.0705],
      ['2025-10-06', 0.1214],
    ]);
    expect(costs(json(['monthly']).rows)).toEqual([['2025-10', 0.1919]]);
    // shop: a1; a2 + a3 + Codex = 0.0213 + 0.0771 + 0.013 = 0.1114
    expect(costs(json(['daily', '--project', 'shop']).rows)).toEqual([
      ['2025-10-05', 0.0705],
      ['2025-10-06', 0.1114],
    ]);
    expect(costs(json(['daily', '--project', '/work/blog']).rows)).toEqual([['2025-10-06', 0.01]]);
    expect(costs(json(['daily', '-s', '2025-10-06', '-u', '2025-10-06']).rows)).toEqual([['2025-10-06', 0.1214]]);
    expect(costs(json(['daily', '--since', 'yesterday', '--until', 'yesterday']).rows)).toEqual([['2025-10-05', 0.0705]]);
    expect(costs(json(['daily', '--agent', 'codex']).rows)).toEqual([['2025-10-06', 0.013]]);
    // Days in another zone: in Los Angeles (UTC−7) b1 at 04:00 UTC is 21:00 on 2025-10-05; Codex at 08:00 UTC is
    // 01:00 on 2025-10-06. 10-05: 0.0705 + 0.01; 10-06: 0.0213 + 0.0771 + 0.013.
    expect(costs(json(['daily', '--tz', 'America/Los_Angeles']).rows)).toEqual([
      ['2025-10-05', 0.0805],
      ['2025-10-06', 0.1114],
    ]);
  });

  it('is exit 2 with one sentence for an agent it does not know', () => {
    const r = run(['daily', '--agent', 'cursor']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('llmcost: --agent "cursor" is not an agent llmcost reads: use claude-code, codex or all.\n');
  });
});

describe('session', () => {
  it('one row per session, last active at the bottom, with its project and models', () => {
    const doc = json(['session']);
    expect(
      doc.rows.map((r: { session: string; agent: string; project: string; lastActivity: string; costUsd: number }) => [
        r.session.slice(0, 8),
        r.agent,
        r.project,
        r.lastActivity,
        r.costUsd,
      ]),
    ).toEqual([
      ['bbbbbbbb', 'claude-code', '/work/blog', '2025-10-06T04:00:00.000Z', 0.01],
      ['cccccccc', 'codex', '/work/shop', '2025-10-06T08:00:00.000Z', 0.013],
      // 0.0705 + 0.0213 + 0.0771
      ['aaaaaaaa', 'claude-code', '/work/shop', '2025-10-06T11:50:00.000Z', 0.1689],
    ]);
    expect(doc.rows[2].firstActivity).toBe('2025-10-05T09:10:00.000Z');
    const table = run(['session', '--no-ingest']);
    expect(table.stdout).toMatch(/^aaaaaaaa {2}claude-code {2}shop +2025-10-06 11:50 +70\.3K {2}\$0\.17$/m);
  });
});

describe('blocks', () => {
  it("5-hour windows from the first message's hour, gaps, and the active block's burn rate and projection", () => {
    const doc = json(['blocks']);
    expect(doc.scope.agents).toEqual(['claude-code']);
    expect(
      doc.blocks.map((b: { start: string; end: string; gap: boolean; active?: boolean; costUsd?: number }) => [
        b.start,
        b.end,
        b.gap,
        b.active ?? null,
        b.costUsd ?? null,
      ]),
    ).toEqual([
      ['2025-10-05T09:00:00.000Z', '2025-10-05T14:00:00.000Z', false, false, 0.0705],
      // A gap runs from 5 hours after the last message to the next message.
      ['2025-10-05T14:10:00.000Z', '2025-10-06T04:00:00.000Z', true, null, null],
      ['2025-10-06T04:00:00.000Z', '2025-10-06T09:00:00.000Z', false, false, 0.01],
      // 10:20 is more than 5 hours after the 04:00 block began: a new block, floored to 10:00.
      ['2025-10-06T09:00:00.000Z', '2025-10-06T10:20:00.000Z', true, null, null],
      ['2025-10-06T10:00:00.000Z', '2025-10-06T15:00:00.000Z', false, true, 0.0984],
    ]);
    const active = doc.active;
    // $0.0984 over the 90 minutes from 10:20 to 11:50: $0.0656 an hour; 57,300 tokens: 636.67 a minute.
    expect(active.burnRate.costPerHourUsd).toBeCloseTo(0.0656, 12);
    expect(active.burnRate.tokensPerMinute).toBeCloseTo(57300 / 90, 9);
    // 150 minutes left at 12:30: 0.0984 + 0.0656 × 2.5 = 0.2624; 57,300 + 636.67 × 150 = 152,800 tokens.
    expect(active.projection.remainingMinutes).toBe(150);
    expect(active.projection.costUsd).toBeCloseTo(0.2624, 12);
    expect(active.projection.totalTokens).toBe(152800);
    const table = run(['blocks', '--no-ingest']);
    expect(table.stdout).toContain('2025-10-06 10:00  active, 2h 30m left         2   57.3K  $0.10');
    expect(table.stdout).toContain(
      'Active block 10:00–15:00 UTC: $0.10 so far, 2h 30m left.\n  Burn rate $0.07/h, 637 tokens/min (first to last message).\n  Projected at 15:00: $0.26, 153K tokens.\n',
    );
  });

  it('has no active block five hours after the last message; --recent keeps the last 3 days', () => {
    const later = run(['blocks', '--json'], { now: '2025-10-06T16:00:00Z' });
    expect(JSON.parse(later.stdout).active).toBeNull();
    const recent = run(['blocks', '--recent', '--json'], { now: '2025-10-09T06:00:00Z' });
    expect(JSON.parse(recent.stdout).blocks.map((b: { start: string }) => b.start)).toEqual(['2025-10-06T10:00:00.000Z']);
  });

  it('--live without a terminal prints the blocks once', () => {
    const r = run(['blocks', '--live']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('llmcost: --live needs a terminal; printing the blocks once.');
    expect(r.stdout).toContain('Active block 10:00–15:00 UTC');
    expect(run(['blocks', '--live', '--interval', 'soon']).stderr).toBe('llmcost: --interval takes a number of seconds from 1 to 3600, not "soon".\n');
  });
});

describe('statusline', () => {
  it("reads Claude Code's hook JSON and prints one line: session, today, the active block", () => {
    const hook = JSON.stringify({
      session_id: SESSION_A,
      transcript_path: '/x.jsonl',
      cwd: '/work/shop',
      model: { id: 'claude-sonnet-4-5', display_name: 'Sonnet 4.5' },
      workspace: { current_dir: '/work/shop' },
    });
    const r = run(['statusline'], { input: hook });
    expect(r.code, r.stderr).toBe(0);
    // session 0.1689, today 0.1214, block 0.0984 with 150 minutes left at $0.0656/h
    expect(r.stdout).toBe('Sonnet 4.5 · $0.17 session · $0.12 today · $0.10 block (2h 30m left, $0.07/h)\n');
    const bare = run(['statusline'], { input: 'not json', now: '2025-10-07T12:00:00Z' });
    expect(bare.stdout).toBe('$0.00 today · no active block\n');
  });
});

describe('reading the agent logs incrementally', () => {
  it('reads only new or grown files; an unchanged file (same size and time) is not opened', () => {
    const files = writeAgentLogs(home);
    const written = new Date('2025-10-06T12:00:00Z');
    utimesSync(files.sessionB, written, written);
    expect(json(['daily']).ingest.read).toBe(3);
    expect(json(['daily']).ingest).toMatchObject({ files: 3, read: 0, added: 0 });
    // Same size, same modification time, different content: taken as unchanged, so the totals stay.
    const text = readFileSync(files.sessionB, 'utf8');
    writeFileSync(files.sessionB, text.replace('"input_tokens":5000', '"input_tokens":9000'));
    utimesSync(files.sessionB, written, written);
    const same = json(['daily']);
    expect(same.ingest.read).toBe(0);
    expect(same.totals.costUsd).toBe(0.1919);
    // A grown session: one file read, one record added (a4: 1,000 × $15 = $0.015).
    appendFileSync(
      files.sessionA,
      `${assistantLine(SESSION_A, '/work/shop', 'msg_a4', '2025-10-06T12:00:00.000Z', 'claude-sonnet-4-5-20250929', { input: 0, output: 1000 })}\n`,
    );
    const grown = json(['daily']);
    expect(grown.ingest).toMatchObject({ read: 1, added: 1 });
    expect(grown.totals.costUsd).toBeCloseTo(0.2069, 12);
  });
});

describe('bare llmcost', () => {
  it('shows the daily view when agent logs are present, else a start page', () => {
    const r = run([]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Claude Code and Codex usage per day, UTC\n/);
    const { dir: empty, cleanup: done } = tempDir();
    try {
      const start = llmcost(['--db', join(empty, 'u.db')], { env: agentEnv(empty) });
      expect(start.code).toBe(0);
      expect(start.stdout).toMatch(/^llmcost: offline cost audit/);
      expect(start.stdout).toMatch(/llmcost --db :memory: audit \S+\/fixtures\/usage\/sample\.jsonl/);
      expect(llmcost(['frobnicate'], { env: agentEnv(empty) }).stderr).toBe("llmcost: unknown command 'frobnicate': run llmcost --help for the commands.\n");
      expect(llmcost(['help', 'daily']).stdout).toMatch(/^Usage: llmcost daily \[options\]/);
      expect(llmcost(['dialy'], { env: agentEnv(empty) }).stderr).toBe(
        "llmcost: unknown command 'dialy': did you mean daily? run llmcost --help for the commands.\n",
      );
    } finally {
      done();
    }
  });
});
