import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { llmcost, useTempDb } from '../helpers/cli.js';

/** Slow cases (hundreds of megabytes) run with LLMCOST_SLOW_TESTS=1, as CI does. */
const SLOW = process.env['LLMCOST_SLOW_TESTS'] === '1';

// Lenient ingest costs one bad line, never a whole file. gpt-4o: $2.50 input / $10 output per 1M tokens.
const T = useTempDb();

describe('one bad line, not one bad file', () => {
  it('skips a CSV row whose quote never closes, or closes badly, and reads the rows after it', () => {
    const f = join(T.dir, 'quotes.csv');
    writeFileSync(
      f,
      [
        'timestamp,model,input_tokens,output_tokens',
        '2025-06-01T10:00:00Z,"gpt-4o,1000,100', // 2: a quote that runs on…
        '2025-06-01T10:01:00Z,gpt-4o,2000,200', // 3: read
        '2025-06-01T10:02:00Z,gpt-4o,"3"0,1', // 4: a stray quote
        '2025-06-01T10:03:00Z,gpt-4o,4000,400', // 5: read
        '2025-06-01T10:04:00Z,gpt-4o,5000,"500', // 6: never closed, to the end of the file
      ].join('\n') + '\n',
    );
    const r = llmcost(['--db', T.db, 'ingest', f, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).totals).toMatchObject({ added: 2, skipped: 3 });
    expect(r.stderr).toContain(`${f}:2: the row is not valid CSV`);
    expect(r.stderr).toContain(`${f}:4: the row is not valid CSV`);
    expect(r.stderr).toContain(`${f}:6: a quoted field opened on this row is never closed`);
    // Rows 3 and 5: 6,000 × 2.5 + 600 × 10 = 21,000 millionths.
    const totals = T.auditJson([]).totals;
    expect(totals).toMatchObject({ requests: 2, inputTokens: 6000, outputTokens: 600 });
    expect(totals.costUsd).toBeCloseTo(0.021, 12);
  });

  it('reads a record with a field nested 100,000 levels deep', () => {
    let deep = '1';
    for (let i = 0; i < 100_000; i++) deep = `[${deep}]`;
    const f = join(T.dir, 'deep.jsonl');
    writeFileSync(f, `{"timestamp":"2025-06-01T10:00:00Z","model":"gpt-4o","input_tokens":1000,"output_tokens":100,"extra":${deep}}\n`);
    const doc = T.auditJson([f]);
    // 1,000 × 2.5 + 100 × 10 = 3,500 millionths.
    expect(doc.totals.requests).toBe(1);
    expect(doc.totals.costUsd).toBeCloseTo(0.0035, 12);
  });

  it('states what it does with numbers: "12" is 12, and -1, 1e309 and 12.5 tokens are skipped with a reason', () => {
    const f = join(T.dir, 'numbers.jsonl');
    const row = (input: string, k: number) => `{"timestamp":"2025-06-01T10:00:0${k}Z","model":"gpt-4o","input_tokens":${input},"output_tokens":1}`;
    writeFileSync(f, [row('"12"', 0), row('-1', 1), row('1e309', 2), row('12.5', 3)].join('\n') + '\n');
    const r = llmcost(['--db', T.db, 'ingest', f, '--json']);
    expect(JSON.parse(r.stdout).totals).toMatchObject({ added: 1, skipped: 3 });
    expect(r.stderr).toContain(`${f}:2: input_tokens is negative`);
    expect(r.stderr).toContain(`${f}:3: input_tokens is not a number`);
    expect(r.stderr).toContain(`${f}:4: input_tokens is not a whole number`);
    expect(T.auditJson([]).totals.inputTokens).toBe(12);
  });

  it('refuses UTF-16 and UTF-32 files in one sentence that says how to convert them', () => {
    const line = JSON.stringify({ timestamp: '2025-06-01T10:00:00Z', model: 'gpt-4o', input_tokens: 10, output_tokens: 1 }) + '\n';
    const cases: [string, Buffer, string][] = [
      ['le.jsonl', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(line, 'utf16le')]), 'UTF-16LE'],
      ['nobom.jsonl', Buffer.from(line, 'utf16le'), 'UTF-16LE'],
      ['be.jsonl', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(line, 'utf16le').swap16()]), 'UTF-16BE'],
      ['wide.jsonl', Buffer.from([0xff, 0xfe, 0, 0, 0x7b, 0, 0, 0]), 'UTF-32LE'],
    ];
    for (const [name, bytes, encoding] of cases) {
      const f = join(T.dir, name);
      writeFileSync(f, bytes);
      const r = llmcost(['--db', T.db, 'ingest', f]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `llmcost: ${f} is ${encoding} text, which llmcost does not read: convert it to UTF-8 (iconv -f ${encoding} -t UTF-8 ${f} > usage-utf8.jsonl) and ingest the result.\n`,
      );
    }
  });

  it('says so when the folders named hold no usage file', () => {
    const empty = join(T.dir, 'empty');
    mkdirSync(empty);
    const r = llmcost(['--db', T.db, 'ingest', empty]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`llmcost: ${empty} holds no usage files (.jsonl, .ndjson, .json, .csv): name the folder or files that hold them.\n`);
  });

  it.skipIf(!SLOW)(
    'passes over a line longer than 256 MiB and reads the lines around it',
    () => {
      const f = join(T.dir, 'huge-line.jsonl');
      const ok = (id: string) =>
        JSON.stringify({ id, object: 'chat.completion', created: 1748822400, model: 'gpt-4o', usage: { prompt_tokens: 1000, completion_tokens: 100 } });
      const fd = openSync(f, 'w');
      writeSync(fd, `${ok('chatcmpl-before')}\n{"id":"chatcmpl-huge","pad":"`);
      const block = 'y'.repeat(1 << 20);
      for (let i = 0; i < 300; i++) writeSync(fd, block);
      writeSync(fd, `"}\n${ok('chatcmpl-after')}\n`);
      closeSync(fd);
      const r = llmcost(['--db', T.db, 'ingest', f, '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).totals).toMatchObject({ added: 2, skipped: 1 });
      expect(r.stderr).toContain(`${f}:2: longer than 256 MiB`);
    },
    300_000,
  );
});

describe('writers wait for each other', () => {
  it.skipIf(!SLOW)(
    'an ingest waits while another process holds the write lock, says so, and then finishes',
    async () => {
      const { spawn } = await import('node:child_process');
      const Database = (await import('better-sqlite3')).default;
      const { BIN } = await import('../helpers/cli.js');
      const f = join(T.dir, 'one.jsonl');
      writeFileSync(
        f,
        JSON.stringify({
          id: 'chatcmpl-lock1',
          object: 'chat.completion',
          created: 1748822400,
          model: 'gpt-4o',
          usage: { prompt_tokens: 1000, completion_tokens: 100 },
        }) + '\n',
      );
      // Make the database, then hold its write lock from this process for longer than SQLite's busy timeout.
      expect(llmcost(['--db', T.db, 'audit']).code).toBe(0);
      const holder = new Database(T.db);
      holder.exec('BEGIN IMMEDIATE');
      const child = spawn(process.execPath, [BIN, '--db', T.db, 'ingest', f, '--json'], { env: { ...process.env, TZ: 'UTC', NO_COLOR: '1' } });
      let stderr = '';
      let stdout = '';
      child.stdout.on('data', (d) => (stdout += d));
      const waiting = new Promise<void>((resolve) =>
        child.stderr.on('data', (d) => {
          stderr += d;
          if (stderr.includes('waiting for it to finish')) resolve();
        }),
      );
      const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
      await waiting; // the child said it waits: only now is the lock let go
      holder.exec('COMMIT');
      holder.close();
      expect(await exited).toBe(0);
      expect(JSON.parse(stdout).totals.added).toBe(1);
      expect(stderr).toMatch(/another llmcost is writing to this database: waiting for it to finish/);
    },
    120_000,
  );
});

describe('a directory walk passes over what it cannot read', () => {
  it('reads the good files of a folder holding a broken JSON document and a binary file, and says what it passed over', () => {
    const dir = join(T.dir, 'exports');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.jsonl'), '{"timestamp":"2025-06-01T10:00:00Z","model":"gpt-4o","input_tokens":1000,"output_tokens":100}\n');
    writeFileSync(join(dir, 'b.json'), '{"broken": ');
    writeFileSync(join(dir, 'c.csv'), Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256)));
    const r = llmcost(['--db', T.db, 'ingest', dir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).totals.added).toBe(1);
    expect(r.stderr).toContain(`${join(dir, 'b.json')}:1: not valid JSON`);
    expect(r.stderr).toContain(`${join(dir, 'c.csv')} is a binary file, not usage text: pass the JSON-lines, JSON or CSV file instead; passed over.`);
    // Named on the command line, the same file stops the run.
    expect(llmcost(['--db', T.db, 'ingest', join(dir, 'b.json')]).code).toBe(2);
  });
});
