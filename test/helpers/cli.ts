import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'bin', 'llmcost.js');
export const FIXTURES = join(ROOT, 'fixtures');
/** The LiteLLM price snapshot beside the repository; absent on a plain clone, where tests using it skip. */
export const SHARED_LITELLM = resolve(ROOT, '..', 'shared', 'data', 'litellm_model_prices.json');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would, with a deterministic environment. */
export function llmcost(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {}): RunResult {
  const env: Record<string, string | undefined> = { ...process.env, TZ: 'UTC', NO_COLOR: '1', FORCE_COLOR: undefined, COLUMNS: undefined, ...opts.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env: env as NodeJS.ProcessEnv, encoding: 'utf8', input: opts.input ?? '' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix = 'llmcost-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A fresh temporary directory and database (`usage.db` in it) for each test, with the CLI run against that database. */
export interface TempDb {
  /** The current test's temporary directory. */
  readonly dir: string;
  /** The current test's database file. */
  readonly db: string;
  /** `llmcost --db DB audit ...args --format json`: no internal error, exit 0; the parsed report. */
  auditJson(args: string[]): ReturnType<typeof JSON.parse>;
  /** `llmcost --db DB ingest FILE --json`: exit 0; the parsed summary. */
  ingestJson(file: string): ReturnType<typeof JSON.parse>;
  /** `llmcost --db DB ...args`: no internal error, exit 0; the parsed stdout. */
  run(args: string[]): ReturnType<typeof JSON.parse>;
}

/**
 * Registers beforeEach/afterEach hooks (call it at the top of a test file or inside a describe) that give each
 * test its own temporary directory and database, removed after the test. The methods may be destructured.
 */
export function useTempDb(): TempDb {
  let current: { dir: string; db: string; cleanup: () => void } | undefined;
  beforeEach(() => {
    const { dir, cleanup } = tempDir();
    current = { dir, db: join(dir, 'usage.db'), cleanup };
  });
  afterEach(() => {
    current?.cleanup();
    current = undefined;
  });
  const now = () => {
    if (!current) throw new Error('useTempDb: the temporary database exists only while a test runs');
    return current;
  };
  const run = (args: string[]) => {
    const r = llmcost(['--db', now().db, ...args]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout);
  };
  return {
    get dir() {
      return now().dir;
    },
    get db() {
      return now().db;
    },
    auditJson: (args: string[]) => run(['audit', ...args, '--format', 'json']),
    ingestJson: (file: string) => {
      const r = llmcost(['--db', now().db, 'ingest', file, '--json']);
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout);
    },
    run,
  };
}

export function fixture(...parts: string[]): string {
  return join(FIXTURES, ...parts);
}
