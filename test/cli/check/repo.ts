import { spawnSync } from 'node:child_process';
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CheckReport } from '../../../src/check/result-types.js';
import { fixture, llmcost, tempDir, type RunResult } from '../../helpers/cli.js';

/**
 * A temporary git repository (real git) for `llmcost check` end-to-end tests, with helpers to write files,
 * commit, and run the built CLI inside it against a database of its own.
 */
export interface Repo {
  dir: string;
  db: string;
  write(path: string, text: string): void;
  git(...args: string[]): string;
  commit(message: string): string;
  check(args: string[], env?: Record<string, string | undefined>): RunResult;
  cleanup(): void;
}

/** "Now" for every run: June 20, 2025, noon UTC (fixtures/check/history.csv runs June 1–20 at 10:00). */
export const NOW = '2025-06-20T12:00:00Z';

export function repo(): Repo {
  const temp = tempDir('llmcost-check-');
  // The real path, as git and llmcost report it (macOS's /var is /private/var).
  const dir = realpathSync(temp.dir);
  const cleanup = temp.cleanup;
  const db = join(dir, '.llmcost', 'usage.db');
  // A named database's folder must exist (llmcost creates only its default place).
  mkdirSync(dirname(db), { recursive: true });
  const git = (...args: string[]) => {
    const r = spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  };
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'Test');
  git('config', 'commit.gpgsign', 'false');
  writeFileSync(join(dir, '.gitignore'), '.llmcost/\n');
  return {
    dir,
    db,
    write(path, text) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    },
    git,
    commit(message) {
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', message);
      return git('rev-parse', 'HEAD');
    },
    check(args, env = {}) {
      return llmcost(['--db', db, 'check', ...args], {
        cwd: dir,
        env: { LLMCOST_NOW: NOW, GITHUB_STEP_SUMMARY: undefined, GITHUB_WORKSPACE: undefined, ...env },
      });
    },
    cleanup,
  };
}

/** Ingests the hand-built history (fixtures/check/history.csv) into the repository's database. */
export function ingestHistory(r: Repo): void {
  const out = llmcost(['--db', r.db, 'ingest', fixture('check', 'history.csv')], { cwd: r.dir });
  if (out.code !== 0) throw new Error(out.stderr);
}

/**
 * A prompt of exactly n + 1 tokens in o200k_base and cl100k_base: "hello" then n − 1 × " hello" (the
 * pre-tokenizer splits each " hello" off as its own piece, and each is one token) and a final newline.
 */
export function words(n: number): string {
  return `${Array.from({ length: n }, () => 'hello').join(' ')}\n`;
}

export function json(r: RunResult): CheckReport {
  try {
    return JSON.parse(r.stdout);
  } catch {
    throw new Error(`not JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`);
  }
}
