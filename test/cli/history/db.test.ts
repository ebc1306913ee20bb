import { SCHEMA_VERSION } from '../../../src/db/migrations.js';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agentEnv, writeAgentLogs } from '../../helpers/agent-logs.js';
import { fixture, llmcost, tempDir } from '../../helpers/cli.js';

let dir: string;
let cleanup: () => void;
let db: string;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'usage.db');
});
afterEach(() => cleanup());

/** An OpenAI chat completion: gpt-4o-mini at $0.15 input and $0.60 output per 1M tokens. */
const completion = (n: number) =>
  JSON.stringify({
    id: `chatcmpl-${n}`,
    object: 'chat.completion',
    created: 1748855700 + n * 86400,
    model: 'gpt-4o-mini',
    choices: [],
    usage: { prompt_tokens: n * 1000, completion_tokens: n * 100 },
  });

function write(name: string, ids: number[]): string {
  const f = join(dir, name);
  writeFileSync(f, `${ids.map(completion).join('\n')}\n`);
  return f;
}

const totalsOf = (database: string) => {
  const r = llmcost(['--db', database, 'audit', '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  const doc = JSON.parse(r.stdout);
  return {
    records: doc.totals.records,
    requests: doc.totals.requests,
    input: doc.totals.inputTokens,
    output: doc.totals.outputTokens,
    cost: doc.totals.costUsd,
    days: doc.byDay.map((d: { key: string; costUsd: number }) => [d.key, d.costUsd]),
  };
};

describe('llmcost db', () => {
  it('shows the path, size, records and each source with its format, records, first and last day', () => {
    const a = write('a.jsonl', [1, 2, 3]);
    const b = write('b.jsonl', [2, 3, 4]);
    llmcost(['--db', db, 'ingest', a, b]);
    const r = llmcost(['--db', db, 'db', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ database: db, exists: true, schema: SCHEMA_VERSION, records: 4, firstDay: '2025-06-03', lastDay: '2025-06-06' });
    expect(doc.sizeBytes).toBeGreaterThan(0);
    // b holds 2 and 3 (added by a) and 4.
    expect(
      doc.sources.map((s: { id: number; file: string; format: string; records: number; firstDay: string; lastDay: string }) => [
        s.id,
        s.file,
        s.format,
        s.records,
        s.firstDay,
        s.lastDay,
      ]),
    ).toEqual([
      [1, a, 'openai', 3, '2025-06-03', '2025-06-05'],
      [2, b, 'openai', 3, '2025-06-04', '2025-06-06'],
    ]);
    expect(doc.sources[0].ingestedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const table = llmcost(['--db', db, 'db']);
    expect(table.stdout).toMatch(new RegExp(`^Database  ${db}$`, 'm'));
    expect(table.stdout).toMatch(/^Records   4, 2025-06-03 to 2025-06-06$/m);
    expect(table.stdout).toMatch(/^ 2 {2}\S*b\.jsonl +openai +3 {2}2025-06-04 {2}2025-06-06 {2}\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/m);
  });

  it('describes a database that does not exist yet without creating it', () => {
    const r = llmcost(['--db', db, 'db']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No database there yet');
    expect(existsSync(db)).toBe(false);
  });

  it('forget removes what only that source holds and keeps totals exact, whichever source is forgotten', () => {
    const a = write('a.jsonl', [1, 2, 3]);
    const b = write('b.jsonl', [2, 3, 4]);
    // What each file alone gives, in databases of their own.
    const onlyA = join(dir, 'only-a.db');
    const onlyB = join(dir, 'only-b.db');
    llmcost(['--db', onlyA, 'ingest', a]);
    llmcost(['--db', onlyB, 'ingest', b]);

    llmcost(['--db', db, 'ingest', a, b]);
    // 1..4: (1+2+3+4) × (1,000 × 0.15 + 100 × 0.60) = 10 × 210 per 1M = $0.0021
    expect(totalsOf(db).cost).toBeCloseTo(0.0021, 12);
    const forgetB = llmcost(['--db', db, 'db', 'forget', b]);
    expect(forgetB.code, forgetB.stderr).toBe(0);
    expect(forgetB.stdout).toBe(`Forgot source 2 (${b}): 1 record removed, 0 kept because another source holds them.\n`);
    expect(totalsOf(db)).toEqual(totalsOf(onlyA));

    // The other way round: a added 2 and 3, which b also holds; forgetting a leaves them to b.
    const db2 = join(dir, 'two.db');
    llmcost(['--db', db2, 'ingest', a, b]);
    const forgetA = llmcost(['--db', db2, 'db', 'forget', '1', '--json']);
    expect(JSON.parse(forgetA.stdout)).toMatchObject({ removedRecords: 1, keptRecords: 2, sources: [{ id: 1, file: a }] });
    expect(totalsOf(db2)).toEqual(totalsOf(onlyB));
    // (2+3+4) × 210 per 1M
    expect(totalsOf(db2).cost).toBeCloseTo(0.00189, 12);
    // b's own report still holds its three records.
    const report = JSON.parse(llmcost(['--db', db2, 'audit', b, '--format', 'json']).stdout);
    expect(report.totals.records).toBe(3);
    const left = JSON.parse(llmcost(['--db', db2, 'db', '--json']).stdout);
    expect(left.sources.map((s: { id: number; records: number }) => [s.id, s.records])).toEqual([[2, 3]]);

    const none = llmcost(['--db', db2, 'db', 'forget', 'nothing.jsonl']);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('llmcost: No ingested source matches "nothing.jsonl": llmcost db lists them; give an ID or the file as listed.\n');
  });

  it('forgets skipped lines with the source, and an agent log is read again by the next report', () => {
    llmcost(['--db', db, 'ingest', fixture('usage', 'sample.jsonl')]);
    expect(JSON.parse(llmcost(['--db', db, 'audit', '--format', 'json']).stdout).skippedTotal).toBe(2);
    llmcost(['--db', db, 'db', 'forget', fixture('usage', 'sample.jsonl')]);
    const after = JSON.parse(llmcost(['--db', db, 'audit', '--format', 'json']).stdout);
    expect(after.skippedTotal).toBe(0);
    expect(after.totals.records).toBe(0);

    const home = join(dir, 'home');
    const { sessionB } = writeAgentLogs(home);
    const env = agentEnv(home);
    expect(JSON.parse(llmcost(['--db', db, 'daily', '--json'], { env }).stdout).totals.costUsd).toBe(0.1919);
    llmcost(['--db', db, 'db', 'forget', sessionB], { env });
    expect(JSON.parse(llmcost(['--db', db, 'daily', '--json', '--no-ingest'], { env }).stdout).totals.costUsd).toBeCloseTo(0.1819, 12);
    const again = JSON.parse(llmcost(['--db', db, 'daily', '--json'], { env }).stdout);
    expect(again.ingest).toMatchObject({ read: 1, added: 1 });
    expect(again.totals.costUsd).toBe(0.1919);
  });

  it('vacuum gives the space back and keeps the records', () => {
    const many = write(
      'many.jsonl',
      Array.from({ length: 400 }, (_, i) => i + 1),
    );
    llmcost(['--db', db, 'ingest', many]);
    llmcost(['--db', db, 'db', 'forget', many]);
    const r = llmcost(['--db', db, 'db', 'vacuum']);
    expect(r.code, r.stderr).toBe(0);
    const [, before, after] = /: ([\d.]+ [KM]?B) → ([\d.]+ [KM]?B)\.$/m.exec(r.stdout)!;
    const kb = (s: string) => parseFloat(s) * (s.endsWith('MB') ? 1024 : s.endsWith('KB') ? 1 : 1 / 1024);
    expect(kb(after!)).toBeLessThan(kb(before!));
  });
});

describe('which database a report read', () => {
  it('every report names it on stderr, and its JSON carries it', () => {
    const f = write('a.jsonl', [1]);
    const audit = llmcost(['--db', db, 'audit', f, '--format', 'json']);
    expect(audit.stderr).toBe(`llmcost: database ${db}\n`);
    expect(JSON.parse(audit.stdout).database).toBe(db);
    const table = llmcost(['--db', db, 'audit']);
    expect(table.stderr).toBe(`llmcost: database ${db}\n`);
    const memory = llmcost(['--db', ':memory:', 'audit', f, '--json']);
    expect(memory.stderr).toBe('llmcost: database :memory: (a throwaway database for this run)\n');
    const sim = llmcost(['--db', db, 'simulate', '--route', 'model=gpt-4o-mini,to=gpt-4.1-nano', '--json']);
    expect(sim.code, sim.stderr).toBe(0);
    expect(JSON.parse(sim.stdout).database).toBe(db);
  });

  it('a named database whose folder does not exist is exit 2 with one sentence, and nothing is created', () => {
    const missing = join(dir, 'no', 'such', 'usage.db');
    for (const args of [['audit'], ['daily', '--no-ingest'], ['db'], ['ingest', write('a.jsonl', [1])]]) {
      const r = llmcost(['--db', missing, ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `llmcost: The folder of the database ${missing} (from --db) does not exist: create it first (mkdir -p ${join(dir, 'no', 'such')}) or name a database in an existing folder.\n`,
      );
    }
    const env = llmcost(['audit'], { env: { LLMCOST_DB: missing } });
    expect(env.code).toBe(2);
    expect(env.stderr).toContain('(from $LLMCOST_DB) does not exist');
    expect(existsSync(join(dir, 'no'))).toBe(false);
    // The default place is created as before.
    const home = join(dir, 'home');
    mkdirSync(home);
    const fresh = llmcost(['audit', '--json'], { env: { LLMCOST_DB: undefined, HOME: home, XDG_DATA_HOME: undefined } });
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(existsSync(join(home, '.local', 'share', 'llmcost', 'usage.db'))).toBe(true);
  });
});

describe('check and a history that stopped', () => {
  it('warns when the history ends long before the period it judges', () => {
    const f = write('a.jsonl', [1, 2]);
    llmcost(['--db', db, 'ingest', f]);
    writeFileSync(join(dir, 'llmcost.config.yaml'), 'budgets:\n  - {name: month, period: month, fail: 100}\n');
    // The history ends 2025-06-04; "now" is 2025-06-20: 16 days without records.
    const late = llmcost(['--db', db, 'check'], { cwd: dir, env: { LLMCOST_NOW: '2025-06-20T12:00:00Z' } });
    expect(late.code).toBe(0);
    expect(late.stderr).toContain(
      `warning: The history in ${db} ends on 2025-06-04, 16 days before the end of the period the spend budgets judge: spend since then is missing. Ingest recent usage first.`,
    );
    const next = llmcost(['--db', db, 'check', '--json'], { cwd: dir, env: { LLMCOST_NOW: '2025-07-02T12:00:00Z' } });
    expect(next.stderr).toContain(
      `warning: The history in ${db} ends on 2025-06-04, before the period 2025-07-01…2025-07-31 that a spend budget judges: its spend reads $0. Ingest recent usage first.`,
    );
    expect(JSON.parse(next.stdout).database).toBe(db);
    const fresh = llmcost(['--db', db, 'check'], { cwd: dir, env: { LLMCOST_NOW: '2025-06-05T12:00:00Z' } });
    expect(fresh.stderr).not.toContain('The history in');
  });
});
