import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
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
      JSON.stringify({ id, object: 'chat.completion', created: 1748855700, model: 'gpt-4o-mini', choices: [{ index: 0, message: { role: 'assistant', content } }], usage: { prompt_tokens: 1000, completion_tokens: 100 } });
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
