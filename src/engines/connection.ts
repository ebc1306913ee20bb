import { UserError } from '../util/errors.js';

/**
 * Where a team's usage already lives: a LiteLLM Postgres or a Langfuse/Helicone ClickHouse (README "At scale").
 * A connection is named on the command line as a URL (`postgres://user@host/db`, `clickhouse://user@host:8123/db`),
 * as `env:NAME` (a variable holding such a URL), or through a config entry (`connections:` in the config file).
 * The password never has to appear on the command line: it comes from an environment variable.
 */
export type EngineKind = 'postgres' | 'clickhouse';

/** The products whose tables llmcost reads. */
export type Product = 'litellm' | 'langfuse' | 'helicone';

export interface ConnectionConfig {
  /** The URL, or `env:NAME`. */
  url: string;
  /** The environment variable holding the password (default: PGPASSWORD or CLICKHOUSE_PASSWORD). */
  passwordEnv?: string;
  /** The table to read (default: the product's own table name). */
  table?: string;
  /** Which product's table this is (ClickHouse: langfuse or helicone; found from the table names when absent). */
  product?: Product;
  /** How far before the last bucket read each incremental read starts again, e.g. "2h" (default 1h). */
  lateWindow?: string;
}

export interface Connection {
  kind: EngineKind;
  /** Where to connect, password included: never printed, logged or stored. */
  url: URL;
  /** The password (may be empty); kept apart so that messages can be scrubbed of it. */
  password: string;
  user: string;
  host: string;
  port: number;
  database: string;
  /** Explicit table and product; undefined: the defaults or what the database holds. */
  table: string | undefined;
  product: Product | undefined;
  /** Late-arrival window in ms. */
  lateWindowMs: number;
  /** TLS (clickhouses://, https, or postgres sslmode). */
  secure: boolean;
  /** Extra URL parameters the client should see (postgres: sslmode), without credentials. */
  params: URLSearchParams;
}

const SCHEMES: Record<string, { kind: EngineKind; secure: boolean; port: number }> = {
  'postgres:': { kind: 'postgres', secure: false, port: 5432 },
  'postgresql:': { kind: 'postgres', secure: false, port: 5432 },
  'clickhouse:': { kind: 'clickhouse', secure: false, port: 8123 },
  'clickhouses:': { kind: 'clickhouse', secure: true, port: 8443 },
};

export const DEFAULT_LATE_WINDOW_MS = 60 * 60 * 1000;

/** True when a command-line argument names a database rather than a file. */
export function isEngineArgument(arg: string): boolean {
  return /^(postgres|postgresql|clickhouse|clickhouses):\/\//i.test(arg) || /^env:[A-Za-z_][A-Za-z0-9_]*$/.test(arg);
}

/** "2h", "90m", "1d", "0": a late-arrival window. */
export function parseWindow(value: string, what: string): number {
  const m = /^\s*(\d+)\s*(m|min|h|d)?\s*$/i.exec(value);
  if (!m) throw new UserError(`${what} "${value}" is not a window: write minutes, hours or days such as 90m, 2h or 1d.`);
  const n = Number(m[1]);
  const unit = (m[2] ?? 'h').toLowerCase();
  return n * (unit === 'd' ? 86_400_000 : unit === 'h' ? 3_600_000 : 60_000);
}

/** Strips credentials from anything that may be shown: the password itself and any user:password@ in URLs. */
export function scrub(text: string, password?: string): string {
  let out = text.replace(/([a-z][a-z0-9+.-]*:\/\/)([^\s/@:]*):([^\s/@]*)@/gi, '$1$2:***@');
  if (password && password.length >= 1) out = out.split(password).join('***');
  if (password) {
    const encoded = encodeURIComponent(password);
    if (encoded !== password) out = out.split(encoded).join('***');
  }
  return out;
}

/**
 * Resolves a command-line argument or a config entry into a connection. `env` gives the environment (tests pass
 * their own). A password written into a URL is accepted but warned about: it lands in shell history and `ps`.
 */
export function resolveConnection(
  spec: string | ConnectionConfig,
  env: NodeJS.ProcessEnv,
  opts: { table?: string; product?: string; lateWindow?: string; warn?: (msg: string) => void } = {},
): Connection {
  const cfg: ConnectionConfig = typeof spec === 'string' ? { url: spec } : spec;
  let raw = cfg.url.trim();
  let fromEnv: string | undefined;
  const envRef = /^env:([A-Za-z_][A-Za-z0-9_]*)$/.exec(raw);
  if (envRef) {
    fromEnv = envRef[1]!;
    const value = env[fromEnv];
    if (!value) throw new UserError(`The environment variable ${fromEnv} is not set: set it to the database URL (postgres://… or clickhouse://…).`);
    raw = value.trim();
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UserError(
      `${fromEnv ? `The value of ${fromEnv}` : 'The connection'} is not a URL: write it as postgres://USER@HOST:5432/DATABASE or clickhouse://USER@HOST:8123/DATABASE.`,
    );
  }
  const scheme = SCHEMES[url.protocol.toLowerCase()];
  if (!scheme) {
    throw new UserError(
      `${fromEnv ? `The value of ${fromEnv}` : 'The connection'} uses ${url.protocol.replace(/:$/, '')}://, which llmcost does not read: use postgres:// (LiteLLM) or clickhouse:// / clickhouses:// (Langfuse, Helicone).`,
    );
  }
  const inUrl = decodeURIComponent(url.password);
  if (inUrl && !fromEnv && typeof spec === 'string') {
    opts.warn?.(
      "the password is written in the connection URL on the command line, where shell history and process lists keep it: set it in PGPASSWORD / CLICKHOUSE_PASSWORD (or the config's passwordEnv) instead.",
    );
  }
  const passwordEnv = cfg.passwordEnv ?? (scheme.kind === 'postgres' ? 'PGPASSWORD' : 'CLICKHOUSE_PASSWORD');
  const password = inUrl || (env[passwordEnv] ?? '');
  const user = decodeURIComponent(url.username) || (scheme.kind === 'postgres' ? (env['PGUSER'] ?? 'postgres') : (env['CLICKHOUSE_USER'] ?? 'default'));
  const params = new URLSearchParams(url.search);
  const table = opts.table ?? cfg.table ?? params.get('table') ?? undefined;
  const productRaw = opts.product ?? cfg.product ?? params.get('product') ?? undefined;
  params.delete('table');
  params.delete('product');
  for (const k of [...params.keys()]) if (/pass|secret|token|key/i.test(k)) params.delete(k);
  const product = productRaw === undefined ? undefined : checkProduct(productRaw, scheme.kind);
  const lateRaw = opts.lateWindow ?? cfg.lateWindow;
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || (scheme.kind === 'postgres' ? user : 'default');
  const sslmode = params.get('sslmode');
  return {
    kind: scheme.kind,
    url,
    password,
    user,
    host: url.hostname,
    port: url.port ? Number(url.port) : scheme.port,
    database,
    table,
    product,
    lateWindowMs: lateRaw === undefined ? DEFAULT_LATE_WINDOW_MS : parseWindow(lateRaw, '--late-window'),
    secure: scheme.secure || (sslmode !== null && sslmode !== 'disable'),
    params,
  };
}

function checkProduct(value: string, kind: EngineKind): Product {
  const p = value.trim().toLowerCase();
  const allowed: Product[] = kind === 'postgres' ? ['litellm'] : ['langfuse', 'helicone'];
  if (!(allowed as string[]).includes(p)) {
    throw new UserError(`--product ${value} is not read from ${kind === 'postgres' ? 'Postgres' : 'ClickHouse'}: use ${allowed.join(' or ')}.`);
  }
  return p as Product;
}

/**
 * The connection's name in the database and in reports: scheme, host, port, database and table, never the user or
 * password. Ids of its records are scoped to it, so the same table read again is the same source.
 */
export function connectionLabel(c: Connection, table: string): string {
  const scheme = c.kind === 'postgres' ? 'postgres' : c.secure ? 'clickhouses' : 'clickhouse';
  const host = c.host.includes(':') ? `[${c.host}]` : c.host;
  return `${scheme}://${host}:${c.port}/${c.database}/${table}`;
}

/** Validates the config's `connections` entries (called from the config validator). */
export function validateConnections(raw: unknown, file: string, errors: string[]): Record<string, ConnectionConfig> | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    errors.push(
      `${file}: "connections" must map names to database URLs, e.g. connections: {litellm: {url: "postgres://llmcost@db:5432/litellm", passwordEnv: LITELLM_DB_PASSWORD}}`,
    );
    return undefined;
  }
  const out: Record<string, ConnectionConfig> = {};
  const known = new Set(['url', 'passwordEnv', 'table', 'product', 'lateWindow']);
  for (const [name, v] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof v === 'string') {
      out[name] = { url: v };
      continue;
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v) || typeof (v as Record<string, unknown>)['url'] !== 'string') {
      errors.push(`${file}: connections.${name} must be a URL or {url, passwordEnv, table, product, lateWindow}`);
      continue;
    }
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o))
      if (!known.has(k)) errors.push(`${file}: connections.${name}.${k} is not a connection setting (known: ${[...known].join(', ')})`);
    for (const k of ['passwordEnv', 'table', 'product', 'lateWindow']) {
      if (o[k] !== undefined && typeof o[k] !== 'string') errors.push(`${file}: connections.${name}.${k} must be a string`);
    }
    if (/:\/\/[^/@\s]*:[^/@\s]+@/.test(o['url'] as string)) {
      errors.push(`${file}: connections.${name}.url holds a password: keep it out of the config and name the variable that holds it with passwordEnv`);
    }
    out[name] = o as unknown as ConnectionConfig;
  }
  return out;
}
