import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeStamp } from '../../src/db/integrity-stamp.js';
import { APPLICATION_ID, openDatabase } from '../../src/db/open.js';
import { fixture, llmcost, tempDir, type RunResult } from '../helpers/cli.js';

/**
 * Issue 14 C and D: hostile databases and files. Each is one sentence on stderr and exit 2, never an
 * internal error, and a file that is not llmcost's (or is damaged) is left exactly as it was.
 */

const SAMPLE = fixture('usage', 'sample.jsonl');
const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
const root = process.getuid?.() === 0;
const canMount = root && spawnSync('mount', ['--version']).status === 0;

/** An API log of 3,000 responses: a database with enough pages that damage in the middle one hits a b-tree. */
function manyRecordsLog(dir: string): string {
  const log = join(dir, 'many.jsonl');
  writeFileSync(
    log,
    `${Array.from({ length: 3000 }, (_, i) => JSON.stringify({ id: `c${i}`, object: 'chat.completion', created: 1748822400 + i, model: 'gpt-4o-mini', usage: { prompt_tokens: 1000 + i, completion_tokens: 100 } })).join('\n')}\n`,
  );
  return log;
}

function expectOneSentence(r: RunResult, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.stderr.trimEnd().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
}

describe('hostile databases (issue 14 C)', () => {
  let dir: string;
  let cleanup: () => void;
  let db: string;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    db = join(dir, 'u.db');
  });
  afterEach(() => cleanup());

  it('marks its databases with its application_id', () => {
    expect(llmcost(['--db', db, 'ingest', SAMPLE]).code).toBe(0);
    const d = new Database(db, { readonly: true });
    expect(d.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    d.close();
  });

  it("refuses another program's database, adding no table and leaving its journal mode", () => {
    const other = join(dir, 'app.sqlite');
    const d = new Database(other);
    d.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine');");
    d.close();
    const before = sha(other);
    for (const args of [['ingest', SAMPLE], ['audit']])
      expectOneSentence(llmcost(['--db', other, ...args]), /app\.sqlite is not an llmcost database \(it holds 1 other table\): it was left untouched/);
    expect(sha(other)).toBe(before);
    expect(existsSync(`${other}-wal`)).toBe(false);
    const after = new Database(other, { readonly: true });
    expect(after.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(after.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()).toEqual([{ name: 'notes' }]);
    after.close();
  });

  it("refuses a database marked by another program's application_id, even an empty one", () => {
    const d = new Database(db);
    d.pragma('application_id = 1234');
    d.close();
    const before = sha(db);
    expectOneSentence(llmcost(['--db', db, 'ingest', SAMPLE]), /belongs to another program \(its SQLite application_id is 1234/);
    expect(sha(db)).toBe(before);
  });

  it('adopts an llmcost database made before the mark', () => {
    expect(llmcost(['--db', db, 'ingest', SAMPLE]).code).toBe(0);
    const d = new Database(db);
    d.pragma('application_id = 0');
    d.close();
    const r = llmcost(['--db', db, 'audit', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).totals.records).toBe(9);
    const after = new Database(db, { readonly: true });
    expect(after.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    after.close();
  });

  it('refuses a damaged database for writing (quick_check), and says so instead of an internal error on audit', () => {
    const log = join(dir, 'many.jsonl');
    writeFileSync(
      log,
      `${Array.from({ length: 3000 }, (_, i) => JSON.stringify({ id: `c${i}`, object: 'chat.completion', created: 1748822400 + i, model: 'gpt-4o-mini', user: `u${i % 50}`, usage: { prompt_tokens: 1000 + i, completion_tokens: 100 } })).join('\n')}\n`,
    );
    expect(llmcost(['--db', db, 'ingest', log]).code).toBe(0);
    // Overwrite the middle of a page in the middle of the file.
    const bytes = readFileSync(db);
    const page = 4096 * Math.floor(bytes.length / 4096 / 2);
    bytes.fill(0xff, page + 200, page + 500);
    writeFileSync(db, bytes);
    const before = sha(db);
    expectOneSentence(llmcost(['--db', db, 'ingest', SAMPLE]), /u\.db is damaged \(SQLite's quick_check fails\): nothing was written to it/);
    expect(sha(db)).toBe(before);
    expectOneSentence(llmcost(['--db', db, 'audit']), /is damaged/);
    expect(sha(db)).toBe(before);
  });

  it('checks a database again when it changed after llmcost last closed it (the stamp no longer matches)', () => {
    const log = manyRecordsLog(dir);
    expect(llmcost(['--db', db, 'ingest', log]).code).toBe(0);
    // The close stamped the file as checked (src/db/integrity-stamp.ts): its identity is in u.db-checked.
    const st = statSync(db, { bigint: true });
    expect(readFileSync(`${db}-checked`, 'utf8').trim().split(' ')).toEqual([String(st.ino), String(st.size), String(st.mtimeNs), String(st.ctimeNs)]);
    // A clean audit opens it without the check and stamps it again, as it is.
    expect(llmcost(['--db', db, 'audit', '--json']).code).toBe(0);
    const bytes = readFileSync(db);
    const page = 4096 * Math.floor(bytes.length / 4096 / 2);
    bytes.fill(0xff, page + 200, page + 500);
    writeFileSync(db, bytes);
    const before = sha(db);
    expectOneSentence(llmcost(['--db', db, 'audit']), /is damaged/);
    expect(sha(db)).toBe(before);
  });

  it('skips the check for a file exactly as stamped, and only for it', () => {
    const log = manyRecordsLog(dir);
    expect(llmcost(['--db', db, 'ingest', log]).code).toBe(0);
    // Damage a page of the b-tree in a way the stamp then vouches for: the check is skipped, so opening succeeds.
    const bytes = readFileSync(db);
    const page = 4096 * Math.floor(bytes.length / 4096 / 2);
    bytes.fill(0xff, page + 200, page + 500);
    writeFileSync(db, bytes);
    writeStamp(db);
    openDatabase(db).close();
    // Any change after the stamp (here one byte of the damaged area, rewritten as it was) makes the next open check.
    writeFileSync(db, readFileSync(db));
    expect(() => openDatabase(db)).toThrow(/is damaged \(SQLite's quick_check fails\)/);
  });

  it('--db "" is a mistake, not the default database', () => {
    const home = join(dir, 'home');
    const r = llmcost(['--db', '', 'audit'], { env: { HOME: home, XDG_DATA_HOME: undefined, LLMCOST_DB: undefined } });
    expectOneSentence(r, /The database path is empty \(--db ""/);
    expect(existsSync(join(home, '.local'))).toBe(false);
  });

  it('/dev/null, a directory and a FIFO as the database are refused before anything opens them', () => {
    expectOneSentence(llmcost(['--db', '/dev/null', 'audit']), /Database \/dev\/null is not a regular file/);
    expectOneSentence(llmcost(['--db', dir, 'audit']), /is a directory, not a database file/);
    const fifo = join(dir, 'pipe.db');
    if (spawnSync('mkfifo', [fifo]).status !== 0) return;
    expectOneSentence(llmcost(['--db', fifo, 'audit']), /pipe\.db is not a regular file/);
  });

  it('a schema version of -1 is refused', () => {
    const d = new Database(db);
    d.pragma('user_version = -1');
    d.close();
    const before = sha(db);
    expectOneSentence(llmcost(['--db', db, 'audit']), /has a schema version llmcost never writes \(-1\)/);
    expect(sha(db)).toBe(before);
  });

  it.skipIf(!root)('an immutable database can be read, and writing to it is one sentence', () => {
    expect(llmcost(['--db', db, 'ingest', SAMPLE]).code).toBe(0);
    if (spawnSync('chattr', ['+i', db]).status !== 0) return; // the file system has no immutable flag
    try {
      const log = join(dir, 'more.jsonl');
      writeFileSync(
        log,
        `${JSON.stringify({ id: 'x1', object: 'chat.completion', created: 1748822400, model: 'gpt-4o-mini', usage: { prompt_tokens: 1, completion_tokens: 1 } })}\n`,
      );
      expectOneSentence(llmcost(['--db', db, 'ingest', log]), /cannot be written|cannot be written or read/);
      const empty = join(dir, 'empty.db');
      writeFileSync(empty, '');
      if (spawnSync('chattr', ['+i', empty]).status === 0) {
        expectOneSentence(llmcost(['--db', empty, 'audit']), /cannot be written \(SQLITE_READONLY\)/);
        spawnSync('chattr', ['-i', empty]);
      }
    } finally {
      spawnSync('chattr', ['-i', db]);
    }
  });

  it.skipIf(!canMount)('a database on a read-only disk is one sentence', () => {
    const mnt = join(dir, 'mnt');
    mkdirSync(mnt);
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mnt]).status !== 0) return;
    try {
      const ro = join(mnt, 'u.db');
      expect(llmcost(['--db', ro, 'ingest', SAMPLE]).code).toBe(0);
      expect(spawnSync('mount', ['-o', 'remount,ro', mnt]).status).toBe(0);
      expectOneSentence(llmcost(['--db', ro, 'ingest', SAMPLE]), /cannot be written \(SQLITE_/);
      expectOneSentence(llmcost(['--db', join(mnt, 'new.db'), 'audit']), /SQLITE_CANTOPEN/);
    } finally {
      spawnSync('umount', [mnt]);
    }
  });

  it('no stored cost is negative: a request reporting a negative cost is skipped with a reason', () => {
    const log = join(dir, 'neg.jsonl');
    const row = (id: string, cost: number) =>
      JSON.stringify({ id, timestamp: '2025-06-02T10:00:00Z', model: 'gpt-4o', input_tokens: 1000, output_tokens: 10, cost_usd: cost });
    writeFileSync(log, `${row('a', 0.01)}\n${row('b', -5)}\n`);
    const r = llmcost(['--db', db, 'audit', log, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.totals.records).toBe(1);
    expect(doc.skipped).toEqual([{ file: log, line: 2, reason: 'reported cost is negative (-5) for a request with tokens' }]);
    const d = new Database(db, { readonly: true });
    expect(d.prepare('SELECT COUNT(*) AS n FROM records WHERE cost_usd < 0 OR reported_cost_usd < 0').get()).toEqual({ n: 0 });
    d.close();
  });
});

describe('hostile files and values (issue 14 D)', () => {
  let dir: string;
  let cleanup: () => void;
  let db: string;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    db = join(dir, 'u.db');
  });
  afterEach(() => cleanup());

  it('a FIFO, a socket or a device named on the command line is refused at once instead of blocking', async () => {
    const fifo = join(dir, 'usage.jsonl');
    if (spawnSync('mkfifo', [fifo]).status !== 0) return;
    const started = Date.now();
    expectOneSentence(llmcost(['--db', db, 'ingest', fifo]), /Input .*usage\.jsonl is a named pipe \(FIFO\), which llmcost does not read/);
    expectOneSentence(llmcost(['--db', db, 'audit', '/dev/zero']), /Input \/dev\/zero is a device/);
    expectOneSentence(llmcost(['--db', db, '--config', fifo, 'audit']), /Config file .* is a named pipe/);
    expectOneSentence(llmcost(['--db', db, '--catalog', fifo, 'audit']), /Catalog file .* is a named pipe/);
    expectOneSentence(llmcost(['--db', db, 'tokens', '/dev/zero']), /\/dev\/zero/);
    expectOneSentence(llmcost(['--db', db, 'simulate', '--scenario', fifo]), /--scenario file .* is a named pipe/);
    const socket = join(dir, 'usage.sock');
    const server = createServer().listen(socket);
    try {
      await new Promise((done) => server.once('listening', done));
      expectOneSentence(llmcost(['--db', db, 'ingest', socket]), /usage\.sock is a socket/);
    } finally {
      server.close();
    }
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('a directory walk passes over FIFOs, broken links and link loops with a warning, and follows links to files', () => {
    const logs = join(dir, 'logs');
    mkdirSync(join(logs, 'sub'), { recursive: true });
    writeFileSync(join(logs, 'a.jsonl'), readFileSync(SAMPLE));
    symlinkSync(SAMPLE, join(logs, 'linked.jsonl'));
    symlinkSync(join(logs, 'missing.jsonl'), join(logs, 'broken.jsonl'));
    symlinkSync(logs, join(logs, 'sub', 'loop'));
    symlinkSync(join(logs, 'self.jsonl'), join(logs, 'self.jsonl'));
    spawnSync('mkfifo', [join(logs, 'pipe.jsonl')]);
    const r = llmcost(['--db', db, 'ingest', logs, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const files = JSON.parse(r.stdout).files.map((f: { file: string }) => f.file.slice(logs.length + 1));
    expect(files).toEqual(['a.jsonl', 'linked.jsonl']);
    expect(r.stderr).toMatch(/broken\.jsonl: a broken symbolic link; passed over/);
    expect(r.stderr).toMatch(/loop: a link back into a folder already walked \(a loop\); passed over/);
    expect(r.stderr).toMatch(/self\.jsonl: a symbolic link that loops; passed over/);
    if (existsSync(join(logs, 'pipe.jsonl')) && !statSync(join(logs, 'pipe.jsonl')).isFile())
      expect(r.stderr).toMatch(/pipe\.jsonl: a named pipe \(FIFO\), not a usage file; passed over/);
  });

  it('implausible times and request counts are skipped with a reason, in every format', () => {
    const log = join(dir, 'times.jsonl');
    const rec = (id: string, ts: unknown, requests: unknown = 1) =>
      JSON.stringify({ id, timestamp: ts, model: 'gpt-4o', input_tokens: 1000, output_tokens: 10, requests });
    const chat = (id: string, created: number) =>
      JSON.stringify({
        timestamp: '2025-06-02T10:00:00Z',
        response: { id, object: 'chat.completion', created, model: 'gpt-4o', usage: { prompt_tokens: 1, completion_tokens: 1 } },
      });
    writeFileSync(join(dir, 'chat.jsonl'), `${[chat('c-ok', 1748822400), chat('c-ms', 1e15), chat('c-s', 99999999999)].join('\n')}\n`);
    writeFileSync(
      log,
      `${[
        rec('ok', '2025-06-02T10:00:00Z'),
        rec('y9999', '9999-01-01T00:00:00Z'),
        rec('y0001', '0001-01-01T00:00:00Z'),
        rec('off', '2025-06-02T10:00:00+25:00'),
        rec('ms', 1e15),
        rec('s', 99999999999),
        rec('many', '2025-06-02T10:00:00Z', 2e9),
        rec('frac', '2025-06-02T10:00:00Z', 1.5),
        rec('neg', '2025-06-02T10:00:00Z', -1),
      ].join('\n')}\n`,
    );
    const r = llmcost(['--db', db, 'audit', log, join(dir, 'chat.jsonl'), '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.totals.records).toBe(2);
    const reasons = Object.fromEntries(
      doc.skipped.map((s: { file: string; line: number; reason: string }) => [`${s.file.endsWith('chat.jsonl') ? 'chat' : 'log'}:${s.line}`, s.reason]),
    );
    expect(reasons).toEqual({
      'log:2': 'timestamp is outside 2015-01-01 to 2099-12-31 UTC (it reads as 9999-01-01)',
      'log:3': 'timestamp is outside 2015-01-01 to 2099-12-31 UTC (it reads as 0001-01-01)',
      'log:4': 'timestamp is not a date/time (a text of 25 characters)',
      'log:5': expect.stringMatching(/^timestamp is outside 2015-01-01 to 2099-12-31 UTC \(it reads as \+033658-/),
      'log:6': 'timestamp is outside 2015-01-01 to 2099-12-31 UTC (it reads as 5138-11-16)',
      'log:7': expect.stringMatching(/^requests is too large|^request count is not a whole number from 0 to 1,000,000,000 \(2000000000\)$/),
      'log:8': 'requests is not a whole number (1.5)',
      'log:9': 'requests is negative (-1)',
      'chat:2': expect.stringMatching(/^timestamp is outside 2015-01-01 to 2099-12-31 UTC/),
      'chat:3': 'timestamp is outside 2015-01-01 to 2099-12-31 UTC (it reads as 5138-11-16)',
    });
  });
});
