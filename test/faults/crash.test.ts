import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, llmcost, tempDir } from '../helpers/cli.js';

/** N OpenAI chat completion lines; request i has 1,000 + (i mod 7) prompt tokens and 100 completion tokens. */
function writeLog(path: string, n: number, prefix: string): { input: number; output: number } {
  const lines: string[] = [];
  let input = 0;
  for (let i = 0; i < n; i++) {
    const prompt = 1000 + (i % 7);
    input += prompt;
    lines.push(
      JSON.stringify({
        id: `${prefix}-${i}`,
        object: 'chat.completion',
        created: 1748822400 + i,
        model: 'gpt-4o-mini',
        choices: [{ index: 0, message: { role: 'assistant', content: 'x'.repeat(300) } }],
        usage: { prompt_tokens: prompt, completion_tokens: 100 },
      }),
    );
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return { input, output: 100 * n };
}

const env = { ...process.env, TZ: 'UTC', NO_COLOR: '1', LLMCOST_PARSE_WORKER: '0', LLMCOST_PROGRESS: '1' };

function start(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const stderrNow = () => stderr;
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, done, stderrNow };
}

/** Waits until the ingest reports 20–80% read (its transaction is open), so the signal lands mid-ingest. */
async function untilMidway(run: { stderrNow: () => string }): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    const pcts = [...run.stderrNow().matchAll(/ (\d+)% /g)].map((m) => Number(m[1]));
    if (pcts.some((p) => p >= 20 && p <= 80)) return;
    if (pcts.some((p) => p > 80)) throw new Error('the ingest ran past the middle before the test could interrupt it');
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('the ingest never reported progress');
}

function totals(db: string) {
  const r = llmcost(['--db', db, 'audit', '--format', 'json']);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout).totals as { records: number; inputTokens: number; outputTokens: number };
}

describe('faults during ingest', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('SIGKILL mid-ingest leaves none of the file; the re-run stores it exactly once', async () => {
    const log = join(dir, 'big.jsonl');
    const expected = writeLog(log, 200_000, 'k');
    const db = join(dir, 'u.db');
    const run = start(['--db', db, 'ingest', log]);
    await untilMidway(run);
    run.child.kill('SIGKILL');
    expect((await run.done).signal).toBe('SIGKILL');
    expect(totals(db).records).toBe(0);
    const again = llmcost(['--db', db, 'ingest', log, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).totals).toMatchObject({ added: 200_000, duplicates: 0 });
    expect(totals(db)).toMatchObject({ records: 200_000, inputTokens: expected.input, outputTokens: expected.output });
    expect(JSON.parse(llmcost(['--db', db, 'ingest', log, '--json']).stdout).totals).toMatchObject({ added: 0 });
  }, 60_000);

  it('Ctrl-C mid-ingest rolls back and exits 130', async () => {
    const log = join(dir, 'big.jsonl');
    writeLog(log, 200_000, 'c');
    const db = join(dir, 'u.db');
    const run = start(['--db', db, 'ingest', log]);
    await untilMidway(run);
    run.child.kill('SIGINT');
    const end = await run.done;
    expect(end.code).toBe(130);
    expect(end.stderr).toContain('llmcost: interrupted (SIGINT); nothing half-written was kept.');
    expect(totals(db).records).toBe(0);
  }, 60_000);

  it('two ingests and an audit at once all finish, with exact totals', async () => {
    const a = join(dir, 'a.jsonl');
    const b = join(dir, 'b.jsonl');
    const ea = writeLog(a, 20_000, 'a');
    const eb = writeLog(b, 20_000, 'b');
    const db = join(dir, 'u.db');
    llmcost(['--db', db, 'catalog', 'list']);
    const runs = [start(['--db', db, 'ingest', a]), start(['--db', db, 'ingest', b]), start(['--db', db, 'audit', '--format', 'json'])];
    const ends = await Promise.all(runs.map((r) => r.done));
    for (const e of ends) {
      expect(e.code, e.stderr).toBe(0);
      expect(e.stderr).not.toMatch(/locked|busy/i);
    }
    expect(totals(db)).toMatchObject({ records: 40_000, inputTokens: ea.input + eb.input, outputTokens: ea.output + eb.output });
  }, 60_000);

  it('four first ingests into one new database at once all migrate it and store every record once', async () => {
    const db = join(dir, 'new.db');
    const files = ['p', 'q', 'r', 's'].map((prefix) => ({ path: join(dir, `${prefix}.jsonl`), prefix }));
    // 50 requests each of 1,000..1,006 prompt tokens: per file 50 x 100 = 5,000 output tokens.
    const expected = files.map((f) => writeLog(f.path, 50, f.prefix));
    const ends = await Promise.all(files.map((f) => start(['--db', db, 'ingest', f.path]).done));
    for (const e of ends) {
      expect(e.code, e.stderr).toBe(0);
      expect(e.stderr).not.toMatch(/already exists|locked|busy/i);
    }
    expect(totals(db)).toMatchObject({ records: 200, outputTokens: 20_000, inputTokens: expected.reduce((s, e) => s + e.input, 0) });
  }, 60_000);
});

const canMount = process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0;

describe('a full disk', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => {
    spawnSync('umount', [join(dir, 'small')]);
    cleanup();
  });

  it.skipIf(!canMount)(
    'is one clear sentence and keeps what was stored before',
    () => {
      const small = join(dir, 'small');
      mkdirSync(small);
      const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', small]);
      if (mounted.status !== 0) return; // no permission to mount here: nothing to test
      const db = join(small, 'u.db');
      const first = join(dir, 'first.jsonl');
      writeLog(first, 100, 'f');
      expect(llmcost(['--db', db, 'ingest', first]).code).toBe(0);
      const big = join(dir, 'big.jsonl');
      writeLog(big, 40_000, 'g');
      const r = llmcost(['--db', db, 'ingest', big]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^llmcost: The disk is full while ingesting .*big\.jsonl: nothing from this file was written; free space and run it again\.\n$/);
      expect(totals(db).records).toBe(100);
      expect(readFileSync(db).length).toBeGreaterThan(0);
    },
    60_000,
  );
});
