import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * A throwaway PostgreSQL server for tests: Debian's binaries (/usr/lib/postgresql/<version>/bin, which Debian keeps
 * off PATH), or any on PATH, run on 127.0.0.1 with a data folder in the temp directory, removed at the end. Postgres
 * refuses to run as root, so as root the server runs as the `postgres` user (Debian's package creates it) or `nobody`.
 */

export interface PgBinaries {
  dir: string;
  version: string;
}

export function findPostgres(): PgBinaries | { missing: string } {
  const candidates: string[] = [];
  if (process.env['LLMCOST_PG_BIN']) candidates.push(process.env['LLMCOST_PG_BIN']);
  for (const root of ['/usr/lib/postgresql']) {
    if (!existsSync(root)) continue;
    const versions = readdirSync(root)
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) candidates.push(join(root, v, 'bin'));
  }
  candidates.push(...(process.env['PATH'] ?? '').split(delimiter), '/usr/local/pgsql/bin');
  for (const dir of candidates) {
    if (dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')) && existsSync(join(dir, 'postgres'))) {
      const v = spawnSync(join(dir, 'postgres'), ['--version'], { encoding: 'utf8' });
      if (v.status === 0) return { dir, version: v.stdout.trim() };
    }
  }
  return {
    missing: 'no PostgreSQL server binaries (initdb, pg_ctl, postgres) in /usr/lib/postgresql/*/bin or on PATH: apt-get install postgresql (.ci/run does)',
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function lookupUser(name: string): { uid: number; gid: number } | undefined {
  const r = spawnSync('getent', ['passwd', name], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  const f = r.stdout.trim().split(':');
  return { uid: Number(f[2]), gid: Number(f[3]) };
}

export interface PgServer {
  port: number;
  user: string;
  password: string;
  database: string;
  version: string;
  /** postgres://user@127.0.0.1:port/db, without the password. */
  url: string;
  stop(): void;
}

/** Starts a server with a password-protected superuser and an empty database; throws with the server log when it fails. */
export async function startPostgres(bin: PgBinaries, database = 'litellm'): Promise<PgServer> {
  const dir = mkdtempSync(join(tmpdir(), 'llmcost-pg-'));
  const data = join(dir, 'data');
  const password = 'pw-Secret-4e1f9a';
  const user = 'llmcost_admin';
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, `${password}\n`);
  let runAs: string[] = [];
  if (process.getuid?.() === 0) {
    const name = lookupUser('postgres') ? 'postgres' : 'nobody';
    const ids = lookupUser(name)!;
    chownSync(dir, ids.uid, ids.gid);
    chownSync(pwfile, ids.uid, ids.gid);
    runAs = ['runuser', '-u', name, '--'];
  }
  const run = (cmd: string, args: string[]) => {
    const full = [...runAs, join(bin.dir, cmd), ...args];
    const r = spawnSync(full[0]!, full.slice(1), { encoding: 'utf8', cwd: dir, env: { ...process.env, LC_ALL: 'C', LANG: 'C' } });
    if (r.status !== 0)
      throw new Error(
        `${cmd} failed (${r.status}): ${r.stderr}${r.stdout}${existsSync(join(dir, 'log')) ? spawnSync('cat', [join(dir, 'log')], { encoding: 'utf8' }).stdout : ''}`,
      );
    return r.stdout;
  };
  run('initdb', ['-D', data, '-U', user, `--pwfile=${pwfile}`, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  run('pg_ctl', [
    '-D',
    data,
    '-l',
    join(dir, 'log'),
    '-w',
    '-t',
    '60',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
    'start',
  ]);
  const stop = () => {
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // already stopped
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run('createdb', ['-h', dir, '-p', String(port), '-U', user, database]);
  } catch (err) {
    stop();
    throw err;
  }
  return { port, user, password, database, version: bin.version, url: `postgres://${user}@127.0.0.1:${port}/${database}`, stop };
}

/** LiteLLM's spend-log table as its Prisma migrations create it. */
export const LITELLM_SPEND_LOGS_DDL = `
CREATE TABLE "LiteLLM_SpendLogs" (
  "request_id" TEXT NOT NULL,
  "call_type" TEXT NOT NULL,
  "api_key" TEXT NOT NULL DEFAULT '',
  "spend" DOUBLE PRECISION NOT NULL DEFAULT 0.0,
  "total_tokens" INTEGER NOT NULL DEFAULT 0,
  "prompt_tokens" INTEGER NOT NULL DEFAULT 0,
  "completion_tokens" INTEGER NOT NULL DEFAULT 0,
  "startTime" TIMESTAMP(3) NOT NULL,
  "endTime" TIMESTAMP(3) NOT NULL,
  "completionStartTime" TIMESTAMP(3),
  "model" TEXT NOT NULL DEFAULT '',
  "model_id" TEXT DEFAULT '',
  "model_group" TEXT DEFAULT '',
  "custom_llm_provider" TEXT DEFAULT '',
  "api_base" TEXT DEFAULT '',
  "user" TEXT DEFAULT '',
  "metadata" JSONB DEFAULT '{}',
  "cache_hit" TEXT DEFAULT '',
  "cache_key" TEXT DEFAULT '',
  "request_tags" JSONB DEFAULT '[]',
  "team_id" TEXT,
  "end_user" TEXT,
  "requester_ip_address" TEXT,
  "messages" JSONB DEFAULT '{}',
  "response" JSONB DEFAULT '{}',
  "session_id" TEXT,
  "status" TEXT,
  "proxy_server_request" JSONB DEFAULT '{}',
  CONSTRAINT "LiteLLM_SpendLogs_pkey" PRIMARY KEY ("request_id")
);
CREATE INDEX "LiteLLM_SpendLogs_startTime_idx" ON "LiteLLM_SpendLogs"("startTime");
`;
