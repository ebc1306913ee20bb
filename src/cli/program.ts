import { Command } from 'commander';
import { commandsFor } from '../commands/index.js';
import { applyFlagLanguage } from '../commands/flag-language.js';
import { collect } from '../commands/kit.js';
import { guardOutput } from '../commands/output.js';
import { configHelpLine } from '../config/search.js';
import { termText } from '../report/escape.js';
import { toolVersion } from '../util/version.js';

/** Global options that take a value: the word after them is that value, not a command. */
const VALUE_OPTIONS = new Set(['--db', '--config', '--catalog']);
const FLAG_OPTIONS = new Set(['--no-bundled-catalog', '--no-color', '--no-js-config', '--debug']);

/**
 * The command word of a command line (the arguments after the script), or undefined when there is none or it
 * cannot be told without commander (an unknown option before it): then every command is registered.
 */
export function commandWord(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (VALUE_OPTIONS.has(arg)) i++;
    else if (FLAG_OPTIONS.has(arg) || [...VALUE_OPTIONS].some((o) => arg.startsWith(`${o}=`))) continue;
    else return arg.startsWith('-') ? undefined : arg;
  }
  return undefined;
}

/**
 * The program for a command line (`args`: the arguments after the script): the global options and the
 * command it names, or every command when it names none (`--help`, bare `llmcost`, an unknown word) or when
 * `args` is not given. Only what --version and --help need is loaded; each command's code when it runs.
 */
export async function buildProgram(args?: readonly string[]): Promise<Command> {
  const commands = await commandsFor(args === undefined ? undefined : commandWord(args));
  const program = new Command('llmcost')
    .description('Offline LLM API cost audit: ingest usage logs into a local SQLite history and price every request exactly.')
    .version(toolVersion(), '-V, --version')
    .option('--db <path>', 'usage database (default: $LLMCOST_DB, config "db", else $XDG_DATA_HOME/llmcost/usage.db); ":memory:" for a throwaway run')
    .option(
      '--config <file>',
      'config file (default: llmcost.config.*, .llmcostrc* or package.json#llmcost, searched from the current folder up to the repository root, package root or home folder; the one found is named below)',
    )
    .option(
      '--catalog <file>',
      'price catalog layered over the bundled one: a LiteLLM model_prices_and_context_window.json or an llmcost catalog (repeatable)',
      collect,
    )
    .option('--no-bundled-catalog', 'price with the --catalog files (and config prices) only')
    .option('--no-color', 'no colors in tables (also: NO_COLOR=1)')
    .option('--no-js-config', 'never run a JavaScript config file (llmcost.config.js/.mjs/.ts): JSON and YAML only (also LLMCOST_NO_JS_CONFIG=1)')
    .option('--debug', 'print stack traces of errors')
    .showHelpAfterError('(run with --help for usage)')
    // Which config commands run here would load (and run, when it is JavaScript), found without loading it.
    .addHelpText(
      'afterAll',
      () => `\n${termText(configHelpLine(process.cwd(), !process.argv.includes('--no-js-config') && process.env['LLMCOST_NO_JS_CONFIG'] !== '1'))}`,
    )
    .configureHelp({ sortSubcommands: false })
    // Set before the subcommands are added so that they inherit it: main() maps every parse error to exit 2.
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(guardOutput(s, 'text')) });

  for (const command of commands) command.register(program);
  // Last: it reads the whole command tree.
  applyFlagLanguage(program);
  // Set after every subcommand exists (they would inherit it): bare `llmcost WORD` reaches the root action,
  // which names the unknown command (commands/agent-views.ts).
  program.allowExcessArguments(true);
  return program;
}
