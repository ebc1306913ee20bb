import type { Command } from 'commander';

/** Registers `llmcost completion SHELL`: a completion script generated from the command tree. */
export function registerCompletionCommand(program: Command): void {
  program
    .command('completion')
    .description('print a shell completion script for bash, zsh or fish (e.g. source <(llmcost completion bash))')
    .argument('<shell>', 'bash, zsh or fish')
    .action(async (shell: string) => {
      const { completionScript } = await import('./completion.js');
      process.stdout.write(completionScript(program, shell.trim().toLowerCase()));
    });
}
