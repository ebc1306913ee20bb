import { Option, type Command } from 'commander';
import { withContext } from './kit.js';

/** Registers `llmcost db` (issue 17): where the history is and what it holds; forget a source; vacuum. */
export function registerDbCommand(program: Command): void {
  const db = program.command('db').description('the usage database: where it is and what it holds (db show), forget a source, vacuum');
  // `show` is the default, so `llmcost db` (and `llmcost db --json`) shows; the parent itself takes no options,
  // which would otherwise capture the subcommands' --format and --json.
  db.command('show', { isDefault: true })
    .description('show the database: its path, size, records, and every ingested file (format, records, first and last day, when)')
    .option('--all', 'list every source, not only the latest 30')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (opts, cmd: Command) => {
      const { dbInfoCommand } = await import('../history/command.js');
      process.stdout.write(await withContext(cmd, (ctx) => dbInfoCommand(ctx, opts)));
    });
  db.command('forget')
    .description("remove a source from the history: the records no other source holds, its rollups, links and skipped lines (totals stay exact)")
    .argument('<source>', 'a source ID or file as `llmcost db` lists it, or a --source label')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (source: string, opts, cmd: Command) => {
      const { dbForgetCommand } = await import('../history/command.js');
      process.stdout.write(await withContext(cmd, (ctx) => dbForgetCommand(ctx, source, opts)));
    });
  db.command('forget-prompts')
    .description('remove every prompt text kept with --store-prompts (fingerprints stay)')
    .action(async (_opts, cmd: Command) => {
      const { dbForgetPromptsCommand } = await import('../history/command.js');
      process.stdout.write(await withContext(cmd, (ctx) => dbForgetPromptsCommand(ctx)));
    });
  db.command('vacuum')
    .description('give the space of removed records back to the disk (SQLite VACUUM) and fold the write-ahead log in')
    .action(async (_opts, cmd: Command) => {
      const { dbVacuumCommand } = await import('../history/command.js');
      process.stdout.write(await withContext(cmd, (ctx) => dbVacuumCommand(ctx)));
    });
}
