import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixture, llmcost, ROOT, tempDir } from '../helpers/cli.js';

const SAMPLE = fixture('usage', 'sample.jsonl');
const MINI = fixture('catalog', 'litellm-mini.json');
let dir: string;
let cleanup: () => void;
let db: string;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'usage.db');
});
afterEach(() => cleanup());

describe('help and version', () => {
  it('prints the version from package.json', async () => {
    const { version } = (await import(join(ROOT, 'package.json'), { with: { type: 'json' } })).default as { version: string };
    const r = llmcost(['--version']);
    expect(r).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('lists the commands and every command has its own help', () => {
    const r = llmcost(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['audit', 'ingest', 'catalog']) expect(r.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
    const audit = llmcost(['audit', '--help']);
    expect(audit.code).toBe(0);
    for (const f of ['--since', '--until', '--tz', '--group-by', '--format', '--input-format', '--strict']) expect(audit.stdout).toContain(f);
    expect(llmcost(['ingest', '--help']).stdout).toContain('--input-format <name>');
    expect(llmcost(['catalog', 'list', '--help']).stdout).toContain('--provider');
    expect(llmcost(['catalog', 'show', '--help']).stdout).toContain('<model>');
  });
});

describe('llmcost ingest', () => {
  it('walks a directory and reports per file what it added, found duplicate and skipped', () => {
    const logs = join(dir, 'logs');
    mkdirSync(logs);
    for (const f of ['generic.csv', 'generic.jsonl', 'sample.jsonl']) copyFileSync(fixture('usage', f), join(logs, f));
    const r = llmcost(['--db', db, 'ingest', 'logs', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(
      out.files.map((f: { file: string; format: string; added: number; duplicates: number; skipped: number }) => [
        f.file,
        f.format,
        f.added,
        f.duplicates,
        f.skipped,
      ]),
    ).toEqual([
      ['logs/generic.csv', 'generic-csv', 2, 0, 1],
      ['logs/generic.jsonl', 'generic-jsonl', 3, 0, 0],
      ['logs/sample.jsonl', 'api-log', 9, 1, 2],
    ]);
    expect(out.totals).toEqual({ added: 14, duplicates: 1, skipped: 3, failed: 0 });
    const table = llmcost(['--db', db, 'ingest', 'logs'], { cwd: dir });
    expect(table.stdout).toMatch(/^logs\/sample\.jsonl\s+api-log\s+0\s+10\s+2\s+already ingested$/m);
  });
});

describe('llmcost catalog', () => {
  it('lists models of one provider as JSON with source and date', () => {
    const r = llmcost(['catalog', 'list', '--provider', 'anthropic', '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.models.length).toBeGreaterThan(10);
    for (const m of doc.models) {
      expect(m.provider).toBe('anthropic');
      expect(m.source).toMatch(/^https:\/\//);
      expect(m.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    const sonnet = doc.models.find((m: { id: string }) => m.id === 'claude-sonnet-4-5');
    expect(sonnet.standard).toEqual({ input: 3, output: 15, cacheRead: 0.3, cacheWrite5m: 3.75, cacheWrite1h: 6 });
  });

  it('shows a model resolved from a dated alias, per 1M tokens', () => {
    const r = llmcost(['catalog', 'show', 'gpt-4o-2024-08-06']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^gpt-4o \(openai\)$/m);
    expect(r.stdout).toMatch(/^  input\s+\$2\.5$/m);
    expect(r.stdout).toMatch(/^  cache read\s+\$1\.25$/m);
    expect(r.stdout).toMatch(/^Batch\n  input\s+\$1\.25\n  output\s+\$5$/m);
    expect(r.stdout).toMatch(/^Source\s+https:\/\//m);
  });

  it('says how it looked up a model it cannot find', () => {
    const r = llmcost(['catalog', 'show', 'gpt-4o-turbo-max']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Model "gpt-4o-turbo-max" is not in the catalog \(looked up as gpt-4o-turbo-max\)/);
  });
});

describe('catalog files and config prices', () => {
  it('--catalog with --no-bundled-catalog prices with the LiteLLM file only, and reprices stored records', () => {
    llmcost(['--db', db, 'ingest', SAMPLE]);
    const r = llmcost(['--db', db, '--catalog', MINI, '--no-bundled-catalog', 'audit', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('repriced 9 stored records');
    const doc = JSON.parse(r.stdout);
    // Only exact ids of the file price: claude-sonnet-4-5 (line 9: 981,000) and gpt-4o batch (line 11: 17,500).
    expect(doc.totals.costUsd).toBeCloseTo(0.9985, 12);
    expect(doc.totals.unpricedRequests).toBe(7);
    expect(doc.catalog.layers).toEqual([`LiteLLM ${MINI} (4 models)`]);
    // Back on the bundled catalog the stored costs follow.
    const back = JSON.parse(llmcost(['--db', db, 'audit', '--format', 'json']).stdout);
    expect(back.totals.costUsd).toBeCloseTo(1.076295, 12);
  });

  it('prices a custom model from the config file found in the working folder', () => {
    // A contract price for the fine-tuned model: $0.30 in / $1.20 out per 1M → 500×0.3 + 50×1.2 = 210 → +$0.00021.
    writeFileSync(
      join(dir, 'llmcost.config.yaml'),
      `db: ${db}\nprices:\n  "ft:gpt-4o-mini-2024-07-18:acme::9xYz":\n    provider: openai\n    input: 0.30\n    output: 1.20\n    source: fine-tuning price sheet\n`,
    );
    const r = llmcost(['audit', SAMPLE, '--format', 'json'], { cwd: dir, env: { LLMCOST_DB: undefined } });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.totals.unpricedRequests).toBe(0);
    expect(doc.totals.costUsd).toBeCloseTo(1.076295, 12);
    expect(doc.catalog.layers[1]).toMatch(/^prices from .*llmcost\.config\.yaml$/);
  });

  it('reads paths in the config relative to the config file, wherever the command runs', () => {
    mkdirSync(join(dir, 'prices'));
    mkdirSync(join(dir, 'sub'));
    copyFileSync(MINI, join(dir, 'prices', 'mini.json'));
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'x', llmcost: { db: 'data/usage.db', catalog: { files: ['prices/mini.json'], replaceBundled: true } } }),
    );
    mkdirSync(join(dir, 'data'));
    const r = llmcost(['audit', SAMPLE, '--format', 'json'], { cwd: join(dir, 'sub'), env: { LLMCOST_DB: undefined } });
    expect(r.code).toBe(0);
    // Same figures as the LiteLLM-only run above: 981,000 + 17,500 (per 1M) = $0.9985, and the db beside the config.
    expect(JSON.parse(r.stdout).totals.costUsd).toBeCloseTo(0.9985, 12);
    expect(existsSync(join(dir, 'data', 'usage.db'))).toBe(true);
  });

  it('rejects an invalid config naming the file and key', () => {
    const cfg = join(dir, 'bad.json');
    writeFileSync(cfg, JSON.stringify({ prices: { 'my-model': { input: 'cheap', output: 1 } } }));
    const r = llmcost(['--db', db, '--config', cfg, 'audit']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Invalid config: .*bad\.json: prices\.my-model\.input must be a number >= 0 \(USD per 1M tokens\)/);
  });

  it('lets flags win over the environment, and the environment over the config', () => {
    const cfgDb = join(dir, 'from-config.db');
    const envDb = join(dir, 'from-env.db');
    writeFileSync(join(dir, '.llmcostrc.json'), JSON.stringify({ db: cfgDb }));
    llmcost(['ingest', SAMPLE], { cwd: dir, env: { LLMCOST_DB: undefined } });
    llmcost(['ingest', fixture('usage', 'generic.jsonl')], { cwd: dir, env: { LLMCOST_DB: envDb } });
    llmcost(['--db', db, 'ingest', fixture('usage', 'generic.csv')], { cwd: dir, env: { LLMCOST_DB: envDb } });
    const count = (p: string) => JSON.parse(llmcost(['--db', p, 'audit', '--format', 'json']).stdout).totals.records;
    expect([count(cfgDb), count(envDb), count(db)]).toEqual([9, 3, 2]);
  });
});
