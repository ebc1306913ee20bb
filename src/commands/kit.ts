import { type Command, Option } from 'commander';
import { type DocumentKind, formatsOf } from '../report/format-names.js';
import { UserError } from '../util/errors.js';
import type { Context, GlobalOptions } from './context.js';

/** Small helpers every command registration uses. */
export const collect = (value: string, previous: string[] = []) => [...previous, value];
/**
 * A numeric flag's parser. A value that is not a number is a user mistake: one sentence and exit 2 (a plain
 * Error thrown here would pass through commander as an internal error).
 */
export const positiveInt = (flag: string) => (value: string) => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0) throw new UserError(`${flag} takes a whole number (0 or more), not "${value}".`);
  return n;
};

/** A number within [min, max] (e.g. a share between 0 and 1, or seconds). */
export const numberIn =
  (flag: string, min: number, max: number, what = `a number from ${min} to ${max}`) =>
  (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new UserError(`${flag} takes ${what}, not "${value}".`);
    return n;
  };

/** A command's `--format`: its document's format names (report/format-names.ts, which loads no renderer), the first the default. */
export function formatOption(kind: DocumentKind, description = 'output format'): Option {
  const names = formatsOf(kind);
  return new Option('--format <format>', description).choices([...names]).default(names[0]);
}

/**
 * Runs a command with its context, and closes the context's database however the command ends. A report
 * (`report: true`) says on stderr which database it read, when it read one; `database: false` is for a
 * command that never opens one (its start loads no SQLite).
 */
export async function withContext<T>(cmd: Command, run: (ctx: Context) => Promise<T> | T, opts: { report?: boolean; database?: boolean } = {}): Promise<T> {
  const { Context } = await import('./context.js');
  const ctx = await Context.create(cmd.optsWithGlobals() as GlobalOptions, { database: opts.database ?? true });
  try {
    const result = await run(ctx);
    if (opts.report) ctx.announceDatabase();
    return result;
  } finally {
    ctx.close();
  }
}

export async function color(cmd: Command): Promise<boolean> {
  const { useColor } = await import('./context.js');
  return useColor(cmd.optsWithGlobals() as GlobalOptions);
}

/**
 * The width tables fit, in terminal columns: `COLUMNS` when it holds a whole number above zero (the POSIX
 * variable; it also sets the width of piped output, e.g. for a CI log), else the terminal's width when stdout
 * is one; undefined when piped, where nothing is cut.
 */
export function outputWidth(env: NodeJS.ProcessEnv = process.env, stdout: { isTTY?: boolean; columns?: number } = process.stdout): number | undefined {
  const columns = env['COLUMNS']?.trim() ?? '';
  if (/^[1-9]\d*$/.test(columns)) return Number(columns);
  return stdout.isTTY === true && stdout.columns !== undefined && stdout.columns > 0 ? stdout.columns : undefined;
}

/** The screen opens only on a terminal, and never with --no-interactive or machine-readable output. */
export const interactive = (opts: { interactive?: boolean; format?: string }) =>
  opts.interactive !== false && opts.format !== 'json' && process.stdout.isTTY === true && process.stdin.isTTY === true;
