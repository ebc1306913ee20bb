import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixture, llmcost, tempDir } from '../helpers/cli.js';

/** Slow cases (hundreds of megabytes to gigabytes) run with LLMCOST_SLOW_TESTS=1, as CI does. */
const SLOW = process.env['LLMCOST_SLOW_TESTS'] === '1';

describe('adversarial files', () => {
  let dir: string;
  let cleanup: () => void;
  let db: string;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    db = join(dir, 'u.db');
  });
  afterEach(() => cleanup());

  it('refuses zip, binary and broken gzip files with what to do, and stores nothing', () => {
    const gz = join(dir, 'usage.jsonl.gz');
    writeFileSync(gz, gzipSync(readFileSync(fixture('usage', 'sample.jsonl'))).subarray(0, 200));
    const r = llmcost(['--db', db, 'ingest', gz]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`llmcost: ${gz} is not a complete gzip file (Z_BUF_ERROR): check that it downloaded whole.\n`);
    const zip = join(dir, 'export.csv');
    writeFileSync(zip, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]));
    expect(llmcost(['--db', db, 'ingest', zip]).stderr).toMatch(/is a zip archive: extract it first/);
    const bin = join(dir, 'data.jsonl');
    writeFileSync(bin, Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256)));
    const b = llmcost(['--db', db, 'ingest', bin]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/data\.jsonl is a binary file, not usage text/);
    expect(JSON.parse(llmcost(['--db', db, 'audit', '--format', 'json']).stdout).totals.records).toBe(0);
  });

  it('reads CRLF lines and a BOM, and skips truncated and garbage lines with file:line', () => {
    const f = join(dir, 'crlf.jsonl');
    const ok = (id: string) =>
      JSON.stringify({ id, object: 'chat.completion', created: 1748822400, model: 'gpt-4o-mini', usage: { prompt_tokens: 1000, completion_tokens: 100 } });
    writeFileSync(f, `\uFEFF${ok('a')}\r\n${ok('b').slice(0, 40)}\r\n\u0001garbage\r\n${ok('c')}\r\n`);
    const r = llmcost(['--db', db, 'ingest', f, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).totals).toMatchObject({ added: 2, skipped: 2 });
    expect(r.stderr).toMatch(new RegExp(`${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: malformed JSON`));
    expect(r.stderr).toMatch(/crlf\.jsonl:3: malformed JSON/);
  });

  it.skipIf(!SLOW)(
    'reads a single 200 MB line',
    () => {
      const f = join(dir, 'one-line.jsonl');
      const fd = openSync(f, 'w');
      writeSync(
        fd,
        '{"id":"chatcmpl-huge","object":"chat.completion","created":1748822400,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"',
      );
      const block = 'y'.repeat(1 << 20);
      for (let i = 0; i < 200; i++) writeSync(fd, block);
      writeSync(fd, '"}}],"usage":{"prompt_tokens":1000,"completion_tokens":100}}\n');
      closeSync(fd);
      const r = llmcost(['--db', db, 'audit', f, '--format', 'json']);
      expect(r.code, r.stderr).toBe(0);
      const doc = JSON.parse(r.stdout);
      // 1,000 × $0.15 + 100 × $0.60 per 1M = 210 µ$.
      expect(doc.totals).toMatchObject({ records: 1, inputTokens: 1000, outputTokens: 100 });
      expect(doc.totals.costUsd).toBeCloseTo(0.00021, 12);
    },
    300_000,
  );

  it.skipIf(!SLOW)(
    'reads a 5 GB file of which only the last line is valid (--format openai), skipping the rest',
    () => {
      const f = join(dir, 'five-gb.jsonl');
      const fd = openSync(f, 'w');
      // 64 KiB garbage lines: 81,920 of them make 5 GiB.
      const line = `{"broken": "${'z'.repeat(65_536 - 16)}\n`;
      const block = line.repeat(16);
      for (let i = 0; i < 81_920 / 16; i++) writeSync(fd, block);
      writeSync(
        fd,
        `${JSON.stringify({ id: 'chatcmpl-last', object: 'chat.completion', created: 1748822400, model: 'gpt-4o-mini', usage: { prompt_tokens: 1000, completion_tokens: 100 } })}\n`,
      );
      closeSync(fd);
      const r = llmcost(['--db', db, 'ingest', '--format', 'openai', f, '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).totals).toMatchObject({ added: 1, skipped: 81_920 });
      expect(r.stderr).toMatch(/five-gb\.jsonl:1: malformed JSON/);
    },
    900_000,
  );
});

describe('bad config files', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('stops a YAML alias bomb quickly with one sentence', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++)
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    writeFileSync(join(dir, 'llmcost.config.yaml'), `${levels.join('\n')}\n`);
    const started = Date.now();
    const r = llmcost(['--db', join(dir, 'u.db'), 'audit'], { cwd: dir });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^llmcost: Config file .*llmcost\.config\.yaml cannot be read: .*alias/i);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('--no-js-config never runs a JavaScript config', () => {
    const marker = join(dir, 'ran.txt');
    writeFileSync(
      join(dir, 'llmcost.config.mjs'),
      `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, 'ran');\nexport default { timezone: 'UTC' };\n`,
    );
    const safe = llmcost(['--no-js-config', '--db', join(dir, 'u.db'), 'audit'], { cwd: dir });
    expect(safe.code).toBe(0);
    expect(() => readFileSync(marker)).toThrow();
    const named = llmcost(['--no-js-config', '--config', join(dir, 'llmcost.config.mjs'), '--db', join(dir, 'u.db'), 'audit'], { cwd: dir });
    expect(named.code).toBe(2);
    expect(named.stderr).toMatch(/is JavaScript, which --no-js-config does not run: use a JSON or YAML config/);
    // Without the flag the file is code, and it runs: that is what the flag is for.
    expect(llmcost(['--db', join(dir, 'u.db'), 'audit'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(marker, 'utf8')).toBe('ran');
  });
});
