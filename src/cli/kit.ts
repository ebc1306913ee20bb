import type { Command } from 'commander';
import type { Context, GlobalOptions } from './context.js';

/** Small helpers every command registration uses. */
export const collect = (value: string, previous: string[] = []) => [...previous, value];
export const positiveInt = (flag: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} takes a whole number, not "${value}"`);
  return n;
};


/** Runs a command with its context, and closes the context's database however the command ends. */
export async function withContext<T>(cmd: Command, run: (ctx: Context) => Promise<T> | T): Promise<T> {
  const { Context } = await import('./context.js');
  const ctx = await Context.create(cmd.optsWithGlobals() as GlobalOptions);
  try {
    return await run(ctx);
  } finally {
    ctx.close();
  }
}

export async function color(cmd: Command): Promise<boolean> {
  const { useColor } = await import('./context.js');
  return useColor(cmd.optsWithGlobals() as GlobalOptions);
}

