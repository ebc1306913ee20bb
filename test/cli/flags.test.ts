import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allCommands } from '../../src/commands/flag-language.js';
import { buildProgram } from '../../src/cli/program.js';
import { fixture, llmcost, tempDir } from '../helpers/cli.js';

const SAMPLE = fixture('usage', 'sample.jsonl');
// The sample's priced total (README Quick start; test/faults/distribution.test.ts).
const SAMPLE_COST = 1.076295; // fixtures/usage/sample.jsonl, worked out in test/cli/audit.test.ts

let dir: string;
let cleanup: () => void;
let db: string;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  db = join(dir, 'u.db');
});
afterEach(() => cleanup());

describe('one flag language', () => {
  it('every command with an output --format also takes --json; every --since/--until has -s/-u', async () => {
    const program = await buildProgram();
    const missing: string[] = [];
    for (const cmd of allCommands(program)) {
      const longs = cmd.options.map((o) => o.long);
      const format = cmd.options.find((o) => o.long === '--format');
      // compress's --no-json switches its JSON pass off: its JSON output is --format json only.
      if (format?.argChoices?.includes('json') && !longs.includes('--json') && cmd.name() !== 'compress') missing.push(`${cmd.name()} --json`);
      for (const [long, short] of [
        ['--since', '-s'],
        ['--until', '-u'],
      ] as const) {
        const o = cmd.options.find((x) => x.long === long);
        if (o && o.short !== short) missing.push(`${cmd.name()} ${short}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('--json is --format json', () => {
    for (const args of [['catalog', 'list', '--provider', 'xai'], ['catalog', 'show', 'gpt-4o'], ['audit', SAMPLE], ['db']]) {
      const r = llmcost(['--db', db, ...args, '--json']);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(() => JSON.parse(r.stdout), args.join(' ')).not.toThrow();
    }
    expect(JSON.parse(llmcost(['--db', db, 'audit', '-s', '2025-06-03', '-u', '2025-06-03', '--json']).stdout).scope).toMatchObject({
      since: '2025-06-03',
      until: '2025-06-03',
    });
  });

  it('a value that is not a number is exit 2 with one sentence', () => {
    const cases: [string[], string][] = [
      [['audit', '--top', 'ten'], 'llmcost: --top takes a whole number (0 or more), not "ten".\n'],
      [['simulate', '--seed', '4.5'], 'llmcost: --seed takes a whole number (0 or more), not "4.5".\n'],
      [['tokens', SAMPLE, '--calls-per-day', 'lots'], 'llmcost: --calls-per-day takes a whole number (0 or more), not "lots".\n'],
      [['compress', SAMPLE, '--rate', 'half'], 'llmcost: --rate takes a number between 0 and 1, not "half".\n'],
      [['compress', SAMPLE, '--rate', '2'], 'llmcost: --rate takes a number between 0 and 1, not "2".\n'],
    ];
    for (const [args, stderr] of cases) {
      const r = llmcost(['--db', db, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toBe(stderr);
    }
  });

  it('ingest --input-format; --format still works with a deprecation warning, and --format json means the output', () => {
    const f = join(dir, 'g.jsonl');
    writeFileSync(f, readFileSync(fixture('usage', 'generic.jsonl')));
    const forced = llmcost(['--db', db, 'ingest', f, '--input-format', 'generic-jsonl', '--json']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(JSON.parse(forced.stdout).files[0].format).toBe('generic-jsonl');
    const old = llmcost(['--db', join(dir, 'old.db'), 'ingest', f, '--format', 'generic-jsonl']);
    expect(old.code).toBe(0);
    expect(old.stderr).toContain('warning: ingest --format is deprecated: use --input-format generic-jsonl.');
    const json = llmcost(['--db', join(dir, 'j.db'), 'ingest', f, '--format', 'json']);
    expect(JSON.parse(json.stdout).files[0]).toMatchObject({ format: 'generic-jsonl', added: 3 });
  });
});

describe('"-" and gzip', () => {
  it('reads a usage file from standard input, named stdin', () => {
    const r = llmcost(['--db', db, 'audit', '-', '--json'], { input: readFileSync(SAMPLE, 'utf8') });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.totals.costUsd).toBeCloseTo(SAMPLE_COST, 12);
    expect(doc.ingest[0]).toMatchObject({ file: 'stdin', format: 'api-log', added: 9 });
    expect(doc.skipped.map((s: { file: string; line: number }) => `${s.file}:${s.line}`)).toEqual(['stdin:6', 'stdin:10']);
    const sources = JSON.parse(llmcost(['--db', db, 'db', '--json']).stdout).sources;
    expect(sources.map((s: { file: string; label: string }) => [s.file, s.label])).toEqual([['stdin', 'stdin']]);
    // The same content again (from the file this time) is recognized by its hash.
    expect(JSON.parse(llmcost(['--db', db, 'ingest', SAMPLE, '--json']).stdout).files[0].alreadyIngested).toBe(true);
    expect(llmcost(['--db', db, 'ingest', '-', '-']).stderr).toBe('llmcost: "-" (standard input) is named twice: it can be read only once.\n');
  });

  it('reads gzip files named or found in a folder, and gzipped standard input', () => {
    const logs = join(dir, 'logs');
    mkdirSync(logs);
    const gz = join(logs, 'usage.jsonl.gz');
    writeFileSync(gz, gzipSync(readFileSync(SAMPLE)));
    const named = llmcost(['--db', db, 'audit', gz, '--json']);
    expect(named.code, named.stderr).toBe(0);
    const doc = JSON.parse(named.stdout);
    expect(doc.totals.costUsd).toBeCloseTo(SAMPLE_COST, 12);
    expect(doc.ingest[0]).toMatchObject({ file: gz, format: 'api-log', added: 9 });
    expect(doc.skipped[0]).toMatchObject({ file: gz, line: 6 });
    const walked = llmcost(['--db', join(dir, 'w.db'), 'ingest', logs, '--json']);
    expect(JSON.parse(walked.stdout).files.map((f: { file: string; added: number }) => [f.file, f.added])).toEqual([[gz, 9]]);
    const piped = llmcost(['--db', join(dir, 'p.db'), 'ingest', '-', '--json'], { input: gzipSync(readFileSync(SAMPLE)) as unknown as string });
    expect(JSON.parse(piped.stdout).files[0]).toMatchObject({ file: 'stdin', added: 9 });
  });

  it('counts and compares prompts from standard input', () => {
    const text = 'You are a helpful assistant. Answer in JSON.';
    const file = join(dir, 'p.txt');
    writeFileSync(file, text);
    const fromFile = JSON.parse(llmcost(['tokens', file, '--json', '-m', 'gpt-4o']).stdout);
    const fromStdin = JSON.parse(llmcost(['tokens', '-', '--json', '-m', 'gpt-4o'], { input: text }).stdout);
    expect(fromStdin.files[0].path).toBe('stdin');
    expect(fromStdin.files[0].tokens).toEqual(fromFile.files[0].tokens);
    const cmp = llmcost(['compare', '-', file, '--json', '-m', 'gpt-4o'], { input: text });
    expect(cmp.code, cmp.stderr).toBe(0);
    expect(llmcost(['compare', '-', '-']).stderr).toBe('llmcost: Both variants are "-": standard input can be read only once; give one of them as a file.\n');
  });
});
