import type { Command } from 'commander';

/** Registers `llmcost completion SHELL`: a completion script generated from the command tree. */
export function register(program: Command): void {
  program
    .command('completion')
    .description('print a shell completion script for bash, zsh or fish (e.g. source <(llmcost completion bash))')
    .argument('<shell>', 'bash, zsh or fish')
    .action(async (shell: string) => {
      const { completionScript } = await import('./completion-script.js');
      process.stdout.write(completionScript(program, shell.trim().toLowerCase()));
    });
}
