import { CommanderError } from 'commander';
import { installInterruptHandler } from '../util/interrupt.js';
import { buildProgram } from './program.js';
import { EXIT_INTERNAL, EXIT_USAGE, UserError } from '../util/errors.js';
import { guardText, termText } from '../report/escape.js';

/**
 * The one place errors become exit codes: a UserError prints its sentence and exits 2 (or its own code),
 * a bad flag exits 2, anything else is an internal error (exit 1) with the stack only under --debug.
 */
export async function main(argv: string[]): Promise<number> {
  installInterruptHandler();
  // stdout closed by its reader (`llmcost check --help | head`): the rest has no one to read it. Node reports
  // that as an 'error' event on the stream, after the write returned, where no catch below can see it.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(0);
  });
  const program = await buildProgram(argv.slice(2));
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    return reportError(err, debug);
  }
}

/** Prints what went wrong (one sentence for user mistakes) and returns the exit code. */
export function reportError(err: unknown, debug: boolean): number {
  if (err instanceof CommanderError) {
    // --help and --version end through here with exit code 0.
    return err.exitCode === 0 ? 0 : EXIT_USAGE;
  }
  if (err instanceof UserError) {
    // One line whatever the message quotes (a budget name, a file name): it cannot start a line of its own in a CI log.
    process.stderr.write(`llmcost: ${termText(err.message)}\n`);
    if (debug && err.stack) process.stderr.write(`${guardText(err.stack)}\n`);
    return err.exitCode;
  }
  // stdout closed by its reader (`llmcost audit | head`) is not a failure; any other broken pipe (a child
  // process such as git that exited before reading its input) is, and must not pass a CI gate silently.
  if ((err as NodeJS.ErrnoException)?.code === 'EPIPE' && (err as NodeJS.ErrnoException).syscall === 'write') return 0;
  // SQLite failing in the middle of a command (a page damaged after the file was checked, a file made
  // read-only meanwhile): the database's fault, not llmcost's, said in one sentence.
  const code = String((err as { code?: unknown })?.code ?? '');
  if (/^SQLITE_(CORRUPT|NOTADB)/.test(code)) {
    process.stderr.write(`llmcost: the database is damaged (${code}): restore it from a backup, or move it aside and name another with --db.\n`);
    return EXIT_USAGE;
  }
  if (/^SQLITE_(READONLY|CANTOPEN|IOERR|PERM|FULL)/.test(code)) {
    process.stderr.write(`llmcost: the database cannot be written or read (${code}): check the file, its folder and the disk, or name another with --db.\n`);
    return EXIT_USAGE;
  }
  process.stderr.write(`llmcost: internal error: ${termText((err as Error)?.message ?? String(err))}\n`);
  if (debug) process.stderr.write(`${guardText((err as Error)?.stack ?? '')}\n`);
  else process.stderr.write('llmcost: run again with --debug for details, and report it if it persists.\n');
  return EXIT_INTERNAL;
}
