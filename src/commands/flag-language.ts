import { Option, type Command } from 'commander';

/** Every command under `cmd`, depth first. */
export function allCommands(cmd: Command): Command[] {
  return cmd.commands.flatMap((c) => [c, ...allCommands(c)]);
}

function hasOption(cmd: Command, long: string): boolean {
  return cmd.options.some((o) => o.long === long);
}

/**
 * One flag language across commands: every command with an output `--format` also takes `--json`, the same
 * as `--format json`. Added from the command tree, so commands registered later get it too.
 */
export function applyFlagLanguage(program: Command): void {
  for (const cmd of allCommands(program)) {
    const format = cmd.options.find((o) => o.long === '--format');
    // compress has --no-json (a pass switch) on the same attribute: no alias there.
    if (!format || cmd.options.some((o) => o.attributeName() === 'json')) continue;
    if (format.argChoices && !format.argChoices.includes('json')) continue;
    cmd.addOption(new Option('--json', 'the same as --format json'));
  }
  program.hook('preAction', (_program, action) => {
    const opts = action.opts() as { json?: boolean; format?: string };
    if (opts.json !== true || !hasOption(action, '--format') || !hasOption(action, '--json')) return;
    // ingest keeps its own --json (the summary as JSON); its --format is the deprecated input format flag.
    if (action.name() === 'ingest') return;
    action.setOptionValueWithSource('format', 'json', 'cli');
  });
}
