/** Exit codes (README "Exit codes and errors"). */
export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_USAGE = 2;
export const EXIT_CHECK_FAILED = 3;

/**
 * A mistake the user can fix: bad flag, missing file, malformed input under --strict.
 * The message is one sentence (what, where, what to do) and is printed without a stack trace.
 */
export class UserError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = EXIT_USAGE) {
    super(message);
    this.name = 'UserError';
    this.exitCode = exitCode;
  }
}

/**
 * A file whose content llmcost cannot read (binary, another encoding, a broken JSON document, unreadable):
 * named on the command line it stops the run; met in a directory walk it is listed and passed over.
 */
export class UnreadableFileError extends UserError {}

/** A file whose content matches no known format; a directory walk lists it and goes on. */
export class UnrecognizedFormatError extends UnreadableFileError {}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
