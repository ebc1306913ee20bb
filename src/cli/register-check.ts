import type { Command } from 'commander';

/** Registers the command(s) of issue 7 (`llmcost check`). Placeholder until they land. */
export function registerCheckCommand(_program: Command): void {}
