import { BUSY_TIMEOUT_MS, type DB } from '../db/open.js';
import { UserError } from '../util/errors.js';

/** How long files share one transaction before it commits, when many are ingested in one run. */
export const BATCH_MS = 1000;

/** How long an ingest waits for another writer (another llmcost ingesting a large file) before giving up. */
const MAX_LOCK_WAIT_MS = 30 * 60_000;

/**
 * The write transaction that files ingested one after another share. Each file writes inside its own savepoint,
 * so it is still stored whole or not at all; the transaction commits once it has been open `maxMs` (and at the
 * end). A commit writes every page the transaction changed to the WAL once: committing per file rewrote the
 * same pages of the record-key index for every small file (a first read of 1,000 agent session files spent
 * more time committing than parsing). A crash loses at most the files of the open transaction, never part of
 * one, and they are read again next time. With `maxMs` 0 every file commits on its own.
 */
export class WriteBatch {
  private openedAt = 0;
  /** The files whose writes the open transaction holds (for the sentence if its commit fails). */
  private pending: string[] = [];

  constructor(
    private readonly db: DB,
    private readonly maxMs: number,
  ) {}

  /**
   * Starts one file's writes, taking the write lock first when no transaction is open. Returns true when the
   * transaction is new (another process may have written since this connection last looked).
   */
  async beginFile(path: string, onWait: (() => void) | undefined): Promise<boolean> {
    let fresh = false;
    if (!this.db.inTransaction) {
      await beginWrite(this.db, onWait);
      this.openedAt = Date.now();
      this.pending = [];
      fresh = true;
    }
    this.db.exec('SAVEPOINT ingest_file');
    this.pending.push(path);
    return fresh;
  }

  /** Keeps the file's writes; commits when the transaction is old enough. */
  endFile(): void {
    this.db.exec('RELEASE ingest_file');
    if (Date.now() - this.openedAt >= this.maxMs) this.commit();
  }

  /** Takes the file's writes back; the files before it in the transaction stay. */
  abortFile(): void {
    // SQLite itself rolls the whole transaction back on a full disk or an I/O error: nothing is left to undo.
    if (!this.db.inTransaction) return;
    // A transaction of one file holds nothing else: it is rolled back whole.
    if (this.maxMs === 0) {
      this.db.exec('ROLLBACK');
      return;
    }
    this.db.exec('ROLLBACK TO ingest_file');
    this.db.exec('RELEASE ingest_file');
    this.pending.pop();
  }

  /**
   * Ends the run: commits what the finished files wrote, also when the run stops on an error. If that commit
   * fails as well (the disk is full), the transaction is rolled back and the error that stopped the run stands.
   */
  finish(stopping: boolean): void {
    try {
      this.commit();
    } catch (err) {
      if (!stopping) throw err;
    }
  }

  /** Commits what the finished files wrote. */
  commit(): void {
    if (!this.db.inTransaction) return;
    try {
      this.db.exec('COMMIT');
    } catch (err) {
      // A commit that fails (a full disk) leaves nothing half-written behind.
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      if ((err as { code?: string }).code === 'SQLITE_FULL') throw new UserError(diskFull(this.pending));
      throw err;
    }
  }
}

/** What a commit that found the disk full lost: the files of its transaction, none of them in part. */
export function diskFull(files: string[]): string {
  const last = files[files.length - 1] ?? 'the input';
  const before = files.length - 1;
  const lost =
    before === 0
      ? 'nothing from this file was written'
      : `nothing from it or the ${before} file${before === 1 ? '' : 's'} read before it in this run was written`;
  return `The disk is full while ingesting ${last}: ${lost}; free space and run it again.`;
}

/**
 * Takes the database's write lock. Another llmcost may hold it for as long as its file takes to ingest, far
 * longer than SQLite's busy timeout: so this one waits (saying so once), in busy-timeout steps, as long as
 * MAX_LOCK_WAIT_MS, and only then stops with one sentence.
 */
async function beginWrite(db: DB, onWait: (() => void) | undefined): Promise<void> {
  const started = Date.now();
  let told = false;
  // Short tries, so the wait is said at once; the connection's own timeout comes back with the lock.
  db.pragma('busy_timeout = 1000');
  for (;;) {
    try {
      db.exec('BEGIN IMMEDIATE');
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY') {
        db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
        throw err;
      }
      if (Date.now() - started > MAX_LOCK_WAIT_MS) {
        db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
        throw new UserError(
          `Another process has held the database's write lock for over ${MAX_LOCK_WAIT_MS / 60_000} minutes: let it finish (or stop it) and run this again.`,
        );
      }
      if (!told) {
        told = true;
        onWait?.();
      }
      // Let signals (Ctrl-C) through between tries; each try itself waits up to the busy timeout.
      await new Promise<void>((r) => setImmediate(r));
    }
  }
}
