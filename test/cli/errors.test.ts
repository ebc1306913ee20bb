import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { reportError } from '../../src/cli/main.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/db/migrations.js';
import { APPLICATION_ID } from '../../src/db/open.js';
import { UserError } from '../../src/util/errors.js';
import { BIN, fixture, llmcost, tempDir } from '../helpers/cli.js';

const SAMPLE = fixture('usage', 'sample.jsonl');
let dir: string;
let cleanup: () => void;
let db: string;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'usage.db');
});
afterEach(() => cleanup());

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

/** A user mistake: exit 2, one sentence on stderr, no stack trace, nothing on stdout. */
function expectUserError(r: { code: number; stdout: string; stderr: string }, pattern: RegExp) {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('exit codes and messages', () => {
  it('exits 2 with one sentence for a missing file', () => {
    expectUserError(llmcost(['--db', db, 'audit', join(dir, 'nope.jsonl')]), /^llmcost: File .*nope\.jsonl does not exist: check the path\.\n$/);
  });

  it('exits 2 for an unrecognized format, naming what was looked for', () => {
    const f = join(dir, 'bill.csv');
    writeFileSync(f, 'date,amount,currency\n2025-01-01,3.50,USD\n');
    expectUserError(
      llmcost(['--db', db, 'ingest', f]),
      /bill\.csv: unrecognized format: found a CSV whose header \(date, amount, currency\) matches no known export; looked for openai-usage-csv, azure-cost, openrouter-csv, litellm-spend-csv, generic-csv\. Force one with --input-format NAME/,
    );
  });

  it('--strict stops at the first bad line with file:line, exit 2, and writes nothing', () => {
    const r = llmcost(['--db', db, 'audit', SAMPLE, '--strict']);
    expectUserError(r, /sample\.jsonl:6: malformed JSON .*\(--strict: nothing from this file was written/);
    const after = JSON.parse(llmcost(['--db', db, 'audit', '--format', 'json']).stdout);
    expect(after.totals.records).toBe(0);
    // Nothing was remembered about the file either: a lenient run ingests it in full.
    const lenient = JSON.parse(llmcost(['--db', db, 'audit', SAMPLE, '--format', 'json']).stdout);
    expect(lenient.ingest[0]).toMatchObject({ added: 9, alreadyIngested: false });
  });

  it('passes --strict on a clean file', () => {
    const r = llmcost(['--db', db, 'ingest', '--strict', fixture('usage', 'generic.jsonl')]);
    expect(r.code).toBe(0);
  });

  it('exits 2 for bad flags and values', () => {
    expectUserError(llmcost(['--db', db, 'audit', '--bogus']), /unknown option '--bogus'/);
    expectUserError(llmcost(['--db', db, 'audit', '--since', '06/01/2025']), /--since "06\/01\/2025" is not a date or span: use YYYY-MM-DD, Nd/);
    expectUserError(llmcost(['--db', db, 'audit', '--since', '2025-06-05', '--until', '2025-06-01']), /--since 2025-06-05 is after --until 2025-06-01/);
    expectUserError(
      llmcost(['--db', db, 'audit', '--group-by', 'color']),
      /--group-by "color": "color" is not a breakdown: use one or two of model, provider, day, week, month, hour, project, user, feature, tag, api_key/,
    );
    expectUserError(llmcost(['--db', db, 'audit', '--tz', 'Mars/Olympus']), /Unknown time zone "Mars\/Olympus"/);
    expectUserError(llmcost(['--db', db, 'audit', '--format', 'xml']), /argument 'xml' is invalid/);
    expectUserError(llmcost(['--db', db, 'ingest', '--format', 'excel', SAMPLE]), /Unknown format "excel": use one of openai, anthropic/);
    expectUserError(llmcost(['--db', db, 'frobnicate']), /unknown command 'frobnicate'/);
  });

  it('exits 2 when a forced format cannot read the file', () => {
    expectUserError(llmcost(['--db', db, 'ingest', '--format', 'generic-csv', SAMPLE]), /is JSON, which format generic-csv does not read/);
  });

  it('refuses a file that is not SQLite, leaving it untouched', () => {
    writeFileSync(db, 'this is a text file, not a database\n'.repeat(200));
    const before = sha(db);
    expectUserError(llmcost(['--db', db, 'audit']), /is not a usable llmcost database \(SQLITE_NOTADB\): it was left untouched/);
    expect(sha(db)).toBe(before);
  });

  it('refuses a database written by a newer llmcost, leaving it untouched', () => {
    const d = new Database(db);
    d.pragma('journal_mode = DELETE');
    d.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    d.close();
    const before = sha(db);
    expectUserError(
      llmcost(['--db', db, 'audit']),
      new RegExp(`written by a newer llmcost \\(schema ${SCHEMA_VERSION + 1}, this one knows ${SCHEMA_VERSION}\\)`),
    );
    expect(sha(db)).toBe(before);
  });

  it('upgrades a database made by an older version in place, keeping what it held', () => {
    // An llmcost database of schema 1, made before databases were marked (application_id), with a table of the user's.
    const d = new Database(db);
    d.exec(MIGRATIONS[0] as string);
    d.pragma('user_version = 1');
    d.exec('CREATE TABLE keep_me (x INTEGER); INSERT INTO keep_me VALUES (42);');
    d.close();
    expect(llmcost(['--db', db, 'ingest', SAMPLE]).code).toBe(0);
    const after = new Database(db, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(after.prepare('SELECT x FROM keep_me').get()).toEqual({ x: 42 });
    expect(after.prepare('SELECT COUNT(*) AS n FROM records').get()).toEqual({ n: 9 });
    expect(after.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(after.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    after.close();
  });

  it('turns an unexpected error into exit 1 with the stack only under --debug', () => {
    const writes: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
      writes.push(String(s));
      return true;
    });
    try {
      expect(reportError(new Error('boom'), false)).toBe(1);
      expect(writes.join('')).toBe('llmcost: internal error: boom\nllmcost: run again with --debug for details, and report it if it persists.\n');
      writes.length = 0;
      expect(reportError(new Error('boom'), true)).toBe(1);
      expect(writes.join('')).toMatch(/internal error: boom\nError: boom\n\s+at /);
      writes.length = 0;
      expect(reportError(new UserError('Bad thing: fix it.'), false)).toBe(2);
      expect(writes.join('')).toBe('llmcost: Bad thing: fix it.\n');
      writes.length = 0;
      // Our stdout closed by its reader (| head) ends quietly; an EPIPE from a child's input is an error. Before,
      // both exited 0 in silence, and a git that answered \`check --base\` early passed the gate under load.
      const epipe = (syscall: string) => Object.assign(new Error(`${syscall} EPIPE`), { code: 'EPIPE', syscall });
      expect(reportError(epipe('write'), false)).toBe(0);
      expect(writes.join('')).toBe('');
      expect(reportError(epipe('spawnSync git'), false)).toBe(1);
      expect(writes.join('')).toMatch(/^llmcost: internal error: spawnSync git EPIPE\n/);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('a reader that closes stdout early', () => {
  /** Runs the CLI with its stdout's read end closed before the CLI starts: every write it makes finds no reader. */
  function closedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
    return new Promise((done) => {
      const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' } });
      child.stdout.destroy();
      let stderr = '';
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      child.on('close', (code) => done({ code, stderr }));
    });
  }

  it('ends quietly, help text included: exit 0, no stack trace', async () => {
    for (const args of [['check', '--help'], ['--help'], ['--db', ':memory:', 'audit', fixture('usage', 'sample.jsonl')]]) {
      const r = await closedStdout(args);
      expect(r.stderr.replace(/^llmcost: database .*\n/m, ''), args.join(' ')).toBe('');
      expect(r.code, args.join(' ')).toBe(0);
    }
  });
});
