/**
 * Ctrl-C: whatever is open is undone (an ingest's transaction rolled back, the terminal's cursor shown
 * again) and llmcost exits with 130, the shell's code for an interrupt.
 */
const cleanups = new Set<() => void>();

export const EXIT_INTERRUPTED = 130;

/** Registers work to undo on interrupt; returns the function that unregisters it. */
export function onInterrupt(cleanup: () => void): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

export function installInterruptHandler(): void {
  const handle = (signal: NodeJS.Signals) => {
    for (const cleanup of [...cleanups].reverse()) {
      try {
        cleanup();
      } catch {
        // Undo what can be undone; an error here must not keep the process alive.
      }
    }
    if (process.stdout.isTTY) process.stdout.write('\x1b[?25h');
    process.stderr.write(`\nllmcost: interrupted (${signal}); nothing half-written was kept.\n`);
    process.exit(signal === 'SIGTERM' ? 143 : EXIT_INTERRUPTED);
  };
  process.once('SIGINT', handle);
  process.once('SIGTERM', handle);
}
