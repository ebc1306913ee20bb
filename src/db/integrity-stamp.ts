import { readFileSync, statSync, writeFileSync } from 'node:fs';

/**
 * SQLite's quick_check reads every page, so its cost grows with the history (a quarter of a second at 400,000
 * records, seconds at ten million) and it ran on every command. It only needs to run when the file may have
 * changed outside llmcost: after llmcost closes a database it checked (or found unchanged), the main file's
 * identity (inode, size, and modification and change times in nanoseconds: the change time cannot be set
 * back, so a file edited and given its old modification time again is still checked) goes into a stamp beside it, `<db>-checked`; a later
 * open whose file still matches the stamp skips the check. Anything else (no stamp, another size or time, a
 * process that ended without closing) checks again. WAL frames carry their own checksums, which SQLite verifies.
 */
export function stampPath(dbPath: string): string {
  return `${dbPath}-checked`;
}

function identityOf(dbPath: string): string | undefined {
  try {
    const st = statSync(dbPath, { bigint: true });
    return `${st.ino} ${st.size} ${st.mtimeNs} ${st.ctimeNs}`;
  } catch {
    return undefined;
  }
}

/** Whether the database file is as llmcost left it after its last check. */
export function stampIsCurrent(dbPath: string): boolean {
  const now = identityOf(dbPath);
  if (now === undefined) return false;
  try {
    return readFileSync(stampPath(dbPath), 'utf8').trim() === now;
  } catch {
    return false;
  }
}

/** Records the file as checked, as it is now; a stamp that cannot be written only means the next open checks again. */
export function writeStamp(dbPath: string): void {
  const now = identityOf(dbPath);
  if (now === undefined) return;
  try {
    writeFileSync(stampPath(dbPath), `${now}\n`);
  } catch {
    // A read-only folder: the check simply runs each time.
  }
}
