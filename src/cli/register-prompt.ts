import type { Command } from 'commander';

/** Registers the command(s) of issue 6 (`llmcost tokens`, `compress`, `compare`). Placeholder until they land. */
export function registerPromptCommands(_program: Command): void {}
