import type { Command } from 'commander';

/** Registers the command(s) of issue 5 (`llmcost simulate`). Placeholder until they land. */
export function registerSimulateCommand(_program: Command): void {}
