import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { UserError } from '../util/errors.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';

export type DB = Database.Database;

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
 * Opens (creating if needed) the usage database: WAL so readers never block the writer, a busy timeout
 * so concurrent writers wait instead of failing, foreign keys on, and migrations up to SCHEMA_VERSION.
 */
export function openDatabase(path: string, opts: { readonly?: boolean } = {}): DB {
  const memory = path === ':memory:';
  if (!memory) {
    if (opts.readonly && !existsSync(path)) {
      throw new UserError(`Database ${path} does not exist yet: ingest a file first (llmcost ingest FILE) or name another with --db.`);
    }
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (err) {
      throw new UserError(`Cannot create the database folder ${dirname(path)} (${(err as NodeJS.ErrnoException).code}): choose another place with --db PATH or LLMCOST_DB.`);
    }
  }
  let db: DB;
  try {
    db = new Database(path, { fileMustExist: false });
  } catch (err) {
    const hint = nativeModuleHint(err);
    if (hint) throw new UserError(hint, 1);
    throw new UserError(`Cannot open database ${path} (${(err as Error).message}): check the path and its permissions, or name another with --db.`);
  }
  try {
    db.pragma('busy_timeout = 10000');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new UserError(`Database ${path} was written by a newer llmcost (schema ${version}, this one knows ${SCHEMA_VERSION}): upgrade llmcost, or use another database with --db.`);
    }
    if (!memory) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // 16 MiB of page cache holds the hot end of the key index during bulk ingest; 32 MiB was no faster in
    // `npm run bench` and cost 25 MiB of peak RSS.
    db.pragma('cache_size = -16384');
    migrate(db, version);
  } catch (err) {
    db.close();
    if (err instanceof UserError) throw err;
    const code = (err as { code?: string }).code ?? '';
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new UserError(`Database ${path} is not a usable llmcost database (${code}): it was left untouched; move it aside or name another with --db.`);
    }
    if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_IOERR') {
      throw new UserError(`Database ${path} cannot be written (${code}): check the file and folder permissions, or name another with --db.`);
    }
    if (code === 'SQLITE_FULL') throw new UserError(`The disk holding ${path} is full: free space or name another database with --db.`);
    throw err;
  }
  return db;
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
