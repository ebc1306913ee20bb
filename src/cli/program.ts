import { Command } from 'commander';
import { COMMANDS } from '../commands/index.js';
import { applyFlagLanguage } from '../commands/flag-language.js';
import { collect } from '../commands/kit.js';
import { guardOutput } from '../commands/output.js';
import { configHelpLine } from '../config/search.js';
import { termText } from '../report/escape.js';
import { toolVersion } from '../util/version.js';

/** Only what --version and --help need is loaded here; each command's code is imported when it runs. */
export function buildProgram(): Command {
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

  for (const command of COMMANDS) command.register(program);
  // Last: it reads the whole command tree.
  applyFlagLanguage(program);
  // Set after every subcommand exists (they would inherit it): bare `llmcost WORD` reaches the root action,
  // which names the unknown command (commands/agent-views.ts).
  program.allowExcessArguments(true);
  return program;
}
