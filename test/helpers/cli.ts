import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

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
  const env: Record<string, string | undefined> = { ...process.env, TZ: 'UTC', NO_COLOR: '1', FORCE_COLOR: undefined, ...opts.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env: env as NodeJS.ProcessEnv, encoding: 'utf8', input: opts.input ?? '' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix = 'llmcost-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function fixture(...parts: string[]): string {
  return join(FIXTURES, ...parts);
}
