import { copyFileSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixture, llmcost, tempDir } from '../helpers/cli.js';

describe('ingest of a directory', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('walks it recursively for readable endings, reports per file, and passes over files of no known format', () => {
    const logs = join(dir, 'logs');
    mkdirSync(join(logs, 'nested'), { recursive: true });
    copyFileSync(fixture('usage', 'generic.csv'), join(logs, 'a.csv'));
    copyFileSync(fixture('usage', 'generic.jsonl'), join(logs, 'nested', 'b.jsonl'));
    writeFileSync(join(logs, 'settings.json'), JSON.stringify({ theme: 'dark' }));
    writeFileSync(join(logs, 'notes.txt'), 'not read: no readable ending');
    const r = llmcost(['--db', join(dir, 'u.db'), 'ingest', logs, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.files.map((f: { file: string; format: string; added: number }) => [f.file.slice(logs.length + 1), f.format, f.added])).toEqual([
      ['a.csv', 'generic-csv', 2],
      ['nested/b.jsonl', 'generic-jsonl', 3],
      ['settings.json', 'unrecognized', 0],
    ]);
    expect(r.stderr).toContain(`warning: ${join(logs, 'settings.json')}: not a usage format llmcost reads; passed over.`);
    // Named on the command line, the same file is an error.
    const named = llmcost(['--db', join(dir, 'u.db'), 'ingest', join(logs, 'settings.json')]);
    expect(named.code).toBe(2);
    expect(named.stderr).toMatch(/settings\.json: unrecognized format/);
  });

  it('prints no progress when stderr is not a terminal', () => {
    const r = llmcost(['--db', join(dir, 'u.db'), 'ingest', fixture('usage', 'generic.jsonl')]);
    expect(r.stderr).toBe('');
  });
});

describe('ingest of very long lines', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('detects and reads a JSON-lines file whose first line is megabytes long', () => {
    const big = 'x'.repeat(3 * 1024 * 1024);
    const line = (id: string, content: string) =>
      JSON.stringify({
        id,
        object: 'chat.completion',
        created: 1748855700,
        model: 'gpt-4o-mini',
        choices: [{ index: 0, message: { role: 'assistant', content } }],
        usage: { prompt_tokens: 1000, completion_tokens: 100 },
      });
    const f = join(dir, 'long.jsonl');
    writeFileSync(f, `${line('chatcmpl-long', big)}\n${line('chatcmpl-short', 'ok')}\n`);
    const r = llmcost(['--db', join(dir, 'u.db'), 'audit', f, '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.ingest[0]).toMatchObject({ format: 'openai', added: 2, skipped: 0 });
    // 2 × (1,000 × $0.15 + 100 × $0.60) per 1M = 2 × 210 = 420 → $0.00042
    expect(doc.totals.costUsd).toBeCloseTo(0.00042, 12);
  });
});

describe('ingest --claude-code / --codex', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it("finds the agents' default log folders from CLAUDE_CONFIG_DIR and CODEX_HOME", () => {
    cpSync(fixture('usage', 'claude-code'), join(dir, 'claude', 'projects'), { recursive: true });
    cpSync(fixture('usage', 'codex'), join(dir, 'codex', 'sessions'), { recursive: true });
    const env = { CLAUDE_CONFIG_DIR: join(dir, 'claude'), CODEX_HOME: join(dir, 'codex'), HOME: dir };
    const r = llmcost(['--db', join(dir, 'u.db'), 'ingest', '--claude-code', '--codex', '--json'], { env });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    // The fixtures' own tests work these out: 3 Claude Code sessions, 2 Codex rollouts.
    expect(doc.files.filter((f: { format: string }) => f.format === 'claude-code')).toHaveLength(3);
    expect(doc.files.filter((f: { format: string }) => f.format === 'codex')).toHaveLength(2);
  });

  it('says where it looked when there are no logs', () => {
    const r = llmcost(['--db', join(dir, 'u.db'), 'ingest', '--codex'], { env: { CODEX_HOME: join(dir, 'none'), HOME: dir } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `llmcost: --codex: no log folder found (looked in ${join(dir, 'none', 'sessions')}): run the tool once, or pass its folder as a path.\n`,
    );
    const nothing = llmcost(['--db', join(dir, 'u.db'), 'ingest']);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/Nothing to ingest/);
  });
});
