import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { llmcost, tempDir } from '../helpers/cli.js';

/**
 * Issue 14 B: keys never reach the database or any output, in whatever shape a log holds them, and
 * neither skip reasons nor error messages repeat input text (a key in the wrong column, a prompt quoted
 * by a provider's error message).
 */

const KEYS = {
  bearer: 'sk-bearerSECRETabcdefghijklmnop0123',
  github: 'ghp_githubSECRETabcdefghijklmnopqrstu',
  short: 'sk-shortSEC',
  header: 'sk-ant-api03-headerSECRETabcdefghijkl',
  random: 'f3a9c1RANDOMSECRET77b2d4e6a8c0e1f2',
  pasted: 'sk-pastedSECRETabcdefghij',
};
/** What must appear nowhere: the part of each key that is its own (the kind prefix is public). */
const SECRET_PARTS = ['bearerSECRET', 'githubSECRET', 'shortSEC', 'headerSECRET', 'RANDOMSECRET', 'pastedSECRET', 'countSECRET', 'PROMPTFRAGMENT'];

const chat = (id: string, usage: object = { prompt_tokens: 1000, completion_tokens: 100 }) => ({
  id,
  object: 'chat.completion',
  created: 1748822400,
  model: 'gpt-4o-mini',
  usage,
});

function writeLog(path: string): void {
  const lines = [
    { timestamp: '2025-06-02T10:00:00Z', api_key: `Bearer ${KEYS.bearer}`, response: chat('a') },
    { timestamp: '2025-06-02T10:00:00Z', api_key: KEYS.github, response: chat('b') },
    { timestamp: '2025-06-02T10:00:00Z', api_key: KEYS.short, response: chat('c') },
    { timestamp: '2025-06-02T10:00:00Z', headers: { Authorization: `Bearer ${KEYS.header}` }, response: chat('d') },
    { timestamp: '2025-06-02T10:00:00Z', api_key: KEYS.random, response: chat('e') },
    { timestamp: '2025-06-02T10:00:00Z', user: `debug ${KEYS.pasted}`, api_key: 'key_abc123', response: chat('f') },
    // A key in a count field, and a provider error quoting the prompt: skipped, and said without repeating either.
    { timestamp: '2025-06-02T10:00:00Z', response: chat('g', { prompt_tokens: 'sk-proj-countSECRETabcdefghijklmnop', completion_tokens: 1 }) },
    {
      timestamp: '2025-06-02T10:00:00Z',
      response: { error: { type: 'invalid_request_error', message: 'Your prompt "PROMPTFRAGMENT tell me the launch codes" was flagged' } },
    },
  ];
  writeFileSync(path, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
}

function expectNoSecret(text: string): void {
  for (const part of SECRET_PARTS) expect(text, part).not.toContain(part);
}

describe('secrets and privacy (issue 14 B)', () => {
  let dir: string;
  let cleanup: () => void;
  let db: string;
  let log: string;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    db = join(dir, 'u.db');
    log = join(dir, 'keys.jsonl');
    writeLog(log);
  });
  afterEach(() => cleanup());

  it('stores and prints every key only as kind, short suffix and hash, in every output and in the database file', () => {
    const ingest = llmcost(['--db', db, 'ingest', log, '--json']);
    expect(ingest.code, ingest.stderr).toBe(0);
    expect(JSON.parse(ingest.stdout).totals).toMatchObject({ added: 6, skipped: 2 });
    expectNoSecret(ingest.stdout + ingest.stderr);
    for (const format of ['table', 'json', 'csv', 'markdown']) {
      const r = llmcost(['--db', db, 'audit', '--group-by', 'api_key', '--format', format]);
      expect(r.code, r.stderr).toBe(0);
      expectNoSecret(r.stdout + r.stderr);
    }
    const doc = JSON.parse(llmcost(['--db', db, 'audit', '--group-by', 'api_key', '--format', 'json']).stdout);
    const keys = doc.groupBy.rows.map((r: { key: string }) => r.key).sort();
    expect(keys).toEqual(
      expect.arrayContaining([
        'key_abc123',
        expect.stringMatching(/^sk-…0123#[0-9a-f]{8}$/),
        expect.stringMatching(/^ghp_…rstu#[0-9a-f]{8}$/),
        expect.stringMatching(/^sk-ant-api03-…ijkl#[0-9a-f]{8}$/),
        expect.stringMatching(/^sk-…#[0-9a-f]{8}$/),
      ]),
    );
    const byUser = JSON.parse(llmcost(['--db', db, 'audit', '--group-by', 'user', '--format', 'json']).stdout);
    expect(byUser.groupBy.rows.map((r: { key: string }) => r.key)).toContainEqual(expect.stringMatching(/^debug sk-…ghij#[0-9a-f]{8}$/));
    // The bytes of the database itself (and of its journal, if any) hold no key.
    for (const f of [db, `${db}-wal`]) if (existsSync(f)) expectNoSecret(readFileSync(f).toString('latin1'));
  });

  it('skip reasons name the field, never its content: on stderr, in the stored skipped table and under --strict', () => {
    // ingest lists skipped lines on stderr (audit lists them once, in its report).
    const r = llmcost(['--db', db, 'ingest', log]);
    expect(r.code, r.stderr).toBe(0);
    expectNoSecret(r.stdout + r.stderr);
    expect(r.stderr).toContain('keys.jsonl:7: usage.prompt_tokens is not a number (a text of 35 characters)');
    expect(r.stderr).toContain('keys.jsonl:8: API error response without usage (invalid_request_error)');
    const stored = llmcost(['--db', db, 'audit', '--format', 'json']);
    expectNoSecret(stored.stdout);
    expect(JSON.parse(stored.stdout).skipped.map((s: { reason: string }) => s.reason)).toContain(
      'usage.prompt_tokens is not a number (a text of 35 characters)',
    );
    const strict = llmcost(['--db', join(dir, 'strict.db'), 'ingest', '--strict', log]);
    expect(strict.code).toBe(2);
    expectNoSecret(strict.stderr);
    expect(strict.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('a CSV whose header matches no format is described without quoting unusual header text', () => {
    const csv = join(dir, 'odd.csv');
    writeFileSync(csv, `when,${KEYS.bearer},colour\n1,2,3\n`);
    const r = llmcost(['--db', db, 'ingest', csv]);
    expect(r.code).toBe(2);
    expectNoSecret(r.stderr);
    expect(r.stderr).toContain('header (when, …, colour)');
  });
});
