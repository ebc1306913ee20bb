import type { Command } from 'commander';

/**
 * A command: it adds its words, options and action to the program. The module holds only that and the
 * command's typed function; what the command runs is imported when it runs, so --help and --version stay fast.
 */
export interface CommandModule {
  register(program: Command): void;
}

/** A command module, the words it registers, and how to load it (only when the run needs it). */
export interface CommandEntry {
  names: readonly string[];
  load: () => Promise<CommandModule>;
  /** It reads the whole command tree when it runs (the completion script), so every command is registered. */
  wholeTree?: boolean;
}

/** Every command, in the order --help lists them. `test/cli/prompt/startup.test.ts` holds `names` equal to what each registers. */
export const COMMANDS: readonly CommandEntry[] = [
  { names: ['audit'], load: () => import('./audit.js') },
  { names: ['ingest'], load: () => import('./ingest.js') },
  { names: ['catalog'], load: () => import('./catalog.js') },
  { names: ['simulate'], load: () => import('./simulate.js') },
  { names: ['tokens'], load: () => import('./tokens.js') },
  { names: ['compress'], load: () => import('./compress.js') },
  { names: ['compare'], load: () => import('./compare.js') },
  { names: ['check'], load: () => import('./check.js') },
  { names: ['daily', 'weekly', 'monthly', 'session', 'blocks'], load: () => import('./agent-views.js') },
  { names: ['statusline'], load: () => import('./statusline.js') },
  { names: ['db'], load: () => import('./db.js') },
  { names: ['export'], load: () => import('./export.js') },
  { names: ['completion'], load: () => import('./completion.js'), wholeTree: true },
];

/**
 * The command modules a run needs: the one that registers `word` (the command named on the command line),
 * else every one (bare `llmcost`, `--help`, `help`, an unknown word that gets a did-you-mean, the completion
 * script), in --help order.
 */
export async function commandsFor(word: string | undefined): Promise<CommandModule[]> {
  const named = word === undefined ? undefined : COMMANDS.find((c) => c.names.includes(word));
  const entries = named && !named.wholeTree ? [named] : COMMANDS;
  return Promise.all(entries.map((c) => c.load()));
}
