import Database from 'better-sqlite3';
import { existsSync, mkdirSync, type Stats, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { UserError } from '../util/errors.js';
import { stampIsCurrent, writeStamp } from './integrity-stamp.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';

export type DB = Database.Database;

/** How long a write waits for another process's write lock before SQLite gives up (SQLITE_BUSY). */
export const BUSY_TIMEOUT_MS = 60_000;

/** `--db` flag, then `LLMCOST_DB`, then `$XDG_DATA_HOME/llmcost/usage.db`, then `~/.local/share/llmcost/usage.db`. */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env['LLMCOST_DB']) return env['LLMCOST_DB'];
  const base = env['XDG_DATA_HOME'] || join(homedir(), '.local', 'share');
  return join(base, 'llmcost', 'usage.db');
}

function nativeModuleHint(err: unknown): string | undefined {
  const msg = (err as Error)?.message ?? '';
  if (/NODE_MODULE_VERSION|was compiled against a different Node\.js version|invalid ELF header|Could not locate the bindings file/.test(msg)) {
    return `better-sqlite3 was built for another Node.js version than this one (${process.version}): run "npm rebuild better-sqlite3" in the folder llmcost is installed in.`;
  }
  return undefined;
}

/**
 * The mark of an llmcost database in the SQLite header (PRAGMA application_id): the bytes "LLMC" (0x4C4C4D43).
 * A database marked otherwise belongs to another program and is refused; an unmarked one is adopted when it
 * already holds llmcost's tables (databases made before the mark), and marked when it is new and empty.
 */
export const APPLICATION_ID = 0x4c4c4d43;

/** The tables every llmcost database has had since schema 1: an unmarked database with them is llmcost's. */
const OWN_TABLES = ['sources', 'records', 'rollups'];

function refuse(path: string, why: string, what = 'it was left untouched; name another with --db'): UserError {
  return new UserError(`Database ${path} ${why}: ${what}.`);
}

/** Why an existing file cannot be used as the database (a directory, a device, a pipe), or undefined. */
function notAFile(path: string): string | undefined {
  let st: Stats;
  try {
    st = statSync(path);
  } catch {
    return undefined;
  }
  if (st.isDirectory()) return 'is a directory, not a database file';
  if (!st.isFile()) return 'is not a regular file (a device, pipe or socket)';
  return undefined;
}

/**
 * Opens (creating if needed) the usage database: WAL so readers never block the writer, a busy timeout
 * so concurrent writers wait instead of failing, foreign keys on, and migrations up to SCHEMA_VERSION.
 * Before anything is written, the file is checked: it must be an llmcost database (or empty), of a schema
 * this llmcost knows, and pass SQLite's quick_check; anything else is one sentence and exit 2, the file untouched.
 */
export function openDatabase(path: string, opts: { readonly?: boolean } = {}): DB {
  if (path.trim() === '')
    throw new UserError('The database path is empty (--db "", LLMCOST_DB or the config\'s "db"): name a database file, or ":memory:" for a throwaway run.');
  const memory = path === ':memory:';
  if (!memory) {
    const bad = notAFile(path);
    if (bad) throw refuse(path, bad);
    if (opts.readonly && !existsSync(path)) {
      throw new UserError(`Database ${path} does not exist yet: ingest a file first (llmcost ingest FILE) or name another with --db.`);
    }
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (err) {
      throw new UserError(
        `Cannot create the database folder ${dirname(path)} (${(err as NodeJS.ErrnoException).code}): choose another place with --db PATH or LLMCOST_DB.`,
      );
    }
  }
  let db: DB;
  try {
    db = new Database(path, { fileMustExist: false });
  } catch (err) {
    const hint = nativeModuleHint(err);
    if (hint) throw new UserError(hint, 1);
    const code = (err as { code?: string }).code;
    throw new UserError(`Cannot open database ${path} (${code ?? 'error'}): check the path and its permissions, or name another with --db.`);
  }
  try {
    // Short writes (a migration, the pricing mark, marking the database as llmcost's) wait this long for another
    // writer; an ingest's own transaction waits longer still, saying so (ingest/ingest.ts).
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const version = db.pragma('user_version', { simple: true }) as number;
    if (!Number.isInteger(version) || version < 0) throw refuse(path, `has a schema version llmcost never writes (${version})`);
    const marked = checkOwnership(db, path);
    // Checked unless the file is exactly as llmcost left it after its last check (integrity-stamp.ts).
    if (!memory && marked !== 'new' && !stampIsCurrent(path)) checkIntegrity(db, path);
    if (!memory) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // 16 MiB of page cache holds the hot end of the key index during bulk ingest; 32 MiB was no faster in
    // `npm run bench` and cost 25 MiB of peak RSS.
    db.pragma('cache_size = -16384');
    migrate(db, version);
    if (marked !== 'marked') db.pragma(`application_id = ${APPLICATION_ID}`);
  } catch (err) {
    db.close();
    throw asUserError(err, path);
  }
  return db;
}

/**
 * Closes a database opened by `openDatabase` and stamps the file as checked (integrity-stamp.ts): it passed the
 * check on opening (or was unchanged since one), and since then only this connection's transactions wrote to it.
 */
export function closeDatabase(db: DB, path: string): void {
  db.close();
  if (path !== ':memory:' && !path.startsWith('file:')) writeStamp(path);
}

/**
 * Whose database this is: 'marked' (llmcost's mark), 'adopted' (no mark, llmcost's tables: made before the
 * mark) or 'new' (empty); another program's database is refused before anything is written to it.
 */
function checkOwnership(db: DB, path: string): 'marked' | 'adopted' | 'new' {
  // One read transaction: the mark, the version and the tables as one snapshot, even while another
  // process is creating the same new database.
  return db.transaction(() => ownership(db, path))();
}

function ownership(db: DB, path: string): 'marked' | 'adopted' | 'new' {
  const version = db.pragma('user_version', { simple: true }) as number;
  const id = db.pragma('application_id', { simple: true }) as number;
  if (id !== 0 && id !== APPLICATION_ID)
    throw refuse(path, `belongs to another program (its SQLite application_id is ${id >>> 0}, llmcost's is ${APPLICATION_ID})`);
  if (version > SCHEMA_VERSION) {
    throw new UserError(
      `Database ${path} was written by a newer llmcost (schema ${version}, this one knows ${SCHEMA_VERSION}): upgrade llmcost, or use another database with --db.`,
    );
  }
  if (id === APPLICATION_ID) return 'marked';
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").all() as { name: string }[]).map(
    (t) => t.name,
  );
  if (tables.length === 0 && version === 0) return 'new';
  if (version >= 1 && OWN_TABLES.every((t) => tables.includes(t))) return 'adopted';
  throw refuse(
    path,
    `is not an llmcost database (it holds ${tables.length} other table${tables.length === 1 ? '' : 's'}${version !== 0 ? ` and schema version ${version}` : ''})`,
  );
}

/** SQLite's quick_check: a damaged file is refused before anything is written into it. */
function checkIntegrity(db: DB, path: string): void {
  const rows = db.pragma('quick_check(1)') as { quick_check: string }[];
  if (rows.length !== 1 || rows[0]!.quick_check !== 'ok') {
    throw refuse(
      path,
      "is damaged (SQLite's quick_check fails)",
      'nothing was written to it; restore it from a backup, or move it aside and name another with --db',
    );
  }
}

/** What a failure while opening means for the user, in one sentence. */
export function asUserError(err: unknown, path: string): unknown {
  if (err instanceof UserError) return err;
  const code = (err as { code?: string }).code ?? '';
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return refuse(path, `is not a usable llmcost database (${code})`, 'it was left untouched; move it aside or name another with --db');
  }
  if (
    code.startsWith('SQLITE_READONLY') ||
    code.startsWith('SQLITE_CANTOPEN') ||
    code.startsWith('SQLITE_IOERR') ||
    code.startsWith('SQLITE_PERM') ||
    code.startsWith('SQLITE_AUTH')
  ) {
    return new UserError(
      `Database ${path} cannot be written (${code}): check the file and folder permissions (a read-only or immutable file, a read-only disk), or name another with --db.`,
    );
  }
  if (code === 'SQLITE_FULL') return new UserError(`The disk holding ${path} is full: free space or name another database with --db.`);
  if (code.startsWith('SQLITE_')) return new UserError(`Database ${path} cannot be used (${code}): name another with --db.`);
  return err;
}

function migrate(db: DB, seen: number): void {
  if (seen === SCHEMA_VERSION) return;
  db.transaction(() => {
    // The version read before the write lock may be stale: another process opening the same new database
    // can have migrated it in between. Read it again under the lock and apply only what is still missing.
    const from = db.pragma('user_version', { simple: true }) as number;
    if (from >= SCHEMA_VERSION) return;
    for (let v = from; v < SCHEMA_VERSION; v++) {
      const m = MIGRATIONS[v]!;
      if (typeof m === 'string') db.exec(m);
      else m(db);
    }
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
