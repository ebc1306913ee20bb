import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Catalog } from '../catalog/catalog.js';
import { loadCatalog } from '../catalog/load.js';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import type { DB } from '../db/open.js';
import { onInterrupt } from '../util/interrupt.js';
import { warn } from './output.js';
import { assertNotSpecial } from '../util/regular-file.js';
import { UserError } from '../util/errors.js';

/** Options every command accepts (set on the program, read with optsWithGlobals). */
export interface GlobalOptions {
  db?: string;
  config?: string;
  catalog?: string[];
  bundledCatalog?: boolean;
  color?: boolean;
  jsConfig?: boolean;
  debug?: boolean;
}

/** Colors only on a terminal, and never with NO_COLOR set or --no-color. */
export function useColor(opts: GlobalOptions, stream: NodeJS.WriteStream = process.stdout): boolean {
  if (opts.color === false) return false;
  if (process.env['NO_COLOR'] !== undefined && process.env['NO_COLOR'] !== '') return false;
  const force = process.env['FORCE_COLOR'];
  // FORCE_COLOR=0 (or false) turns colour off even on a terminal, as chalk and Node read it; any other value on.
  if (force === '0' || force === 'false') return false;
  if (force !== undefined && force !== '') return true;
  return stream.isTTY === true;
}

/** What a command needs from the environment, resolved with precedence defaults < config < environment < flags. */
/** The database code (better-sqlite3, migrations, the store, repricing): loaded only by commands that may open one. */
interface DatabaseModules {
  open: typeof import('../db/open.js');
  reprice: typeof import('../db/reprice.js');
}

export class Context {
  private catalogCache: Catalog | undefined;
  private dbHandle: DB | undefined;
  private forgetInterrupt: (() => void) | undefined;
  private announced = false;
  private constructor(
    readonly opts: GlobalOptions,
    readonly loaded: LoadedConfig,
    private readonly database: DatabaseModules | null,
  ) {}

  /** `database: false` for a command that never opens the history (`tokens`): its start loads no SQLite. */
  static async create(opts: GlobalOptions, { database = true }: { database?: boolean } = {}): Promise<Context> {
    const loaded = await loadConfig(opts.config, process.cwd(), { allowJs: opts.jsConfig !== false && process.env['LLMCOST_NO_JS_CONFIG'] !== '1' });
    for (const w of loaded.warnings) warn(w);
    const modules = database ? { open: await import('../db/open.js'), reprice: await import('../db/reprice.js') } : null;
    return new Context(opts, loaded, modules);
  }

  private databaseModules(): DatabaseModules {
    if (!this.database) throw new Error('this command was set up without the database (Context.create with database: false)');
    return this.database;
  }

  get dbPath(): string {
    // `--db ""` is a mistake said in one sentence (openDatabase), not a silent fall back to the default.
    if (this.opts.db !== undefined) return this.opts.db;
    if (process.env['LLMCOST_DB']) return process.env['LLMCOST_DB'];
    return this.loaded.config.db ?? this.databaseModules().open.defaultDbPath();
  }

  /** Where the database path came from: a place the user named (its folder must exist) or the default. */
  get dbPathOrigin(): '--db' | 'LLMCOST_DB' | 'config' | 'default' {
    if (this.opts.db) return '--db';
    if (process.env['LLMCOST_DB']) return 'LLMCOST_DB';
    return this.loaded.config.db ? 'config' : 'default';
  }

  get timezone(): string {
    return this.loaded.config.timezone ?? 'UTC';
  }

  catalog(): Catalog {
    if (!this.catalogCache) {
      const cfg = this.loaded.config.catalog;
      const files = [...(cfg?.files ?? []), ...(this.opts.catalog ?? [])];
      for (const f of files) assertNotSpecial(f, 'Catalog file');
      this.catalogCache = loadCatalog({
        files,
        replaceBundled: this.opts.bundledCatalog === false || cfg?.replaceBundled === true,
        overrides: this.loaded.config.prices,
        overridesLabel: this.loaded.file ? `prices from ${this.loaded.file}` : 'config prices',
      });
    }
    return this.catalogCache;
  }

  /**
   * The command's one database connection (one, so that `--db :memory:` lives through ingest and report),
   * opened on first use; every stored cost is made to agree with the active catalog first.
   */
  db(): DB {
    if (!this.dbHandle) {
      this.assertDbFolder();
      const db = this.databaseModules().open.openDatabase(this.dbPath);
      // On Ctrl-C an open ingest transaction is rolled back before the process exits.
      this.forgetInterrupt = onInterrupt(() => {
        if (db.inTransaction) db.exec('ROLLBACK');
        db.close();
      });
      const n = this.databaseModules().reprice.ensurePricedUnder(db, this.catalog());
      if (n > 0) process.stderr.write(`llmcost: repriced ${n} stored records under the active catalog\n`);
      this.dbHandle = db;
    }
    return this.dbHandle;
  }

  /**
   * A database the user named must be in a folder that exists: a mistyped --db would otherwise start a new,
   * empty history and every report would quietly show $0. Only the default place is created.
   */
  assertDbFolder(): void {
    const path = this.dbPath;
    const origin = this.dbPathOrigin;
    if (origin === 'default' || path === ':memory:' || path.startsWith('file:')) return;
    const folder = dirname(resolve(path));
    let isDir = false;
    try {
      isDir = statSync(folder).isDirectory();
    } catch {
      isDir = false;
    }
    if (!isDir) {
      const named = origin === '--db' ? '--db' : origin === 'LLMCOST_DB' ? '$LLMCOST_DB' : `the "db" of ${this.loaded.file ?? 'the config'}`;
      throw new UserError(
        `The folder of the database ${path} (from ${named}) does not exist: create it first (mkdir -p ${folder}) or name a database in an existing folder.`,
      );
    }
  }

  /** Once per run, on stderr: which database this report read (reports on the wrong history look plausible). */
  announceDatabase(): void {
    if (!this.dbHandle || this.announced) return;
    this.announced = true;
    process.stderr.write(`llmcost: database ${this.dbPath === ':memory:' ? ':memory: (a throwaway database for this run)' : this.dbPath}\n`);
  }

  /** Whether this run opened the database. */
  get dbOpened(): boolean {
    return this.dbHandle !== undefined;
  }

  close(): void {
    this.forgetInterrupt?.();
    if (this.dbHandle) this.databaseModules().open.closeDatabase(this.dbHandle, this.dbPath);
    this.dbHandle = undefined;
  }
}
