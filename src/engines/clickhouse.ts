import { UserError } from '../util/errors.js';
import { nowMs } from '../util/span.js';
import { connectionLabel, scrub, type Connection } from './connection.js';
import { bucketsQuery, firstRowQuery, ident, rowsQuery, type ClickHouseProduct, type TableShape } from './clickhouse-sql.js';
import { BUCKET_MS } from '../usage/periods.js';
import type { Bucket, BucketRead, EngineReader, LeftOut, Window } from './reader.js';

/**
 * Langfuse v3 and Helicone keep their observations in ClickHouse. The buckets are summed there, one page of
 * `pageDays` days at a time (default 7) (each page one bounded query, retried on its own), and per-request rows are read in
 * keyset pages of `rowPage` rows. The engine is reached through a `ClickHouseExecutor`: the official client over
 * HTTP(S) in use, an embedded ClickHouse in tests.
 */

export type Row = Record<string, unknown>;

export interface ClickHouseExecutor {
  /** Runs a query with named parameters; the rows as JSON objects (64-bit integers may come as strings). */
  query(sql: string, params: Record<string, unknown>): Promise<Row[]>;
  close(): Promise<void>;
}

export const TABLES: Record<ClickHouseProduct, string> = { langfuse: 'observations', helicone: 'request_response_rmt' };

const LEFT_OUT: Record<string, { kind: LeftOut['kind']; reason: string }> = {
  failed: { kind: 'failed', reason: 'requests logged as failed (Langfuse level ERROR, Helicone non-2xx status)' },
  nomodel: { kind: 'skipped', reason: 'rows without a model' },
  nousage: { kind: 'skipped', reason: 'rows without token counts in usage_details' },
  notokens: { kind: 'skipped', reason: 'rows without token counts (prompt_tokens and completion_tokens are null)' },
  bad: { kind: 'skipped', reason: 'rows whose cache reads exceed the prompt count that includes them' },
};

/** ClickHouse's DateTime64 text for an instant. */
function chTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

export interface ReaderOptions {
  pageDays?: number;
  rowPage?: number;
  /** The time "now" stands for (the end of an open window). */
  now?: () => number;
}

export class ClickHouseReader implements EngineReader {
  readonly label: string;
  readonly rowFormat: string;
  readonly product: string;
  private readonly pageMs: number;
  private readonly rowPage: number;
  private readonly now: () => number;

  constructor(
    private readonly ex: ClickHouseExecutor,
    private readonly shape: TableShape,
    label: string,
    opts: ReaderOptions = {},
  ) {
    this.label = label;
    this.rowFormat = shape.product;
    this.product = shape.product === 'langfuse' ? 'Langfuse observations' : 'Helicone requests';
    this.pageMs = (opts.pageDays ?? 7) * 86_400_000;
    this.rowPage = opts.rowPage ?? 50_000;
    this.now = opts.now ?? Date.now;
  }

  /** Finds the product's table (or checks the one named) and its columns. */
  static async open(
    ex: ClickHouseExecutor,
    c: Pick<Connection, 'table' | 'product'>,
    label: (table: string) => string,
    opts: ReaderOptions = {},
  ): Promise<ClickHouseReader> {
    const tables = (await ex.query('SELECT name FROM system.tables WHERE database = currentDatabase()', {})).map((r) => String(r['name']));
    let product = c.product as ClickHouseProduct | undefined;
    let table = c.table;
    if (!product) {
      const named = table ? (Object.entries(TABLES).find(([, t]) => t === table)?.[0] as ClickHouseProduct | undefined) : undefined;
      const found = (Object.keys(TABLES) as ClickHouseProduct[]).filter((p) => tables.includes(TABLES[p]));
      product = named ?? (found.length === 1 ? found[0] : undefined);
      if (!product) {
        throw new UserError(
          found.length > 1
            ? 'This ClickHouse database holds both Langfuse (observations) and Helicone (request_response_rmt) tables: say which with --product langfuse or --product helicone.'
            : `This ClickHouse database has no Langfuse table (observations) nor Helicone table (request_response_rmt): name the database in the URL (clickhouse://host:8123/DATABASE), or the table with --table and --product.`,
        );
      }
    }
    table ??= TABLES[product];
    if (!tables.includes(table))
      throw new UserError(`This ClickHouse database has no table ${table}: name the database in the URL, or the table with --table.`);
    const columns = new Set(
      (await ex.query('SELECT name FROM system.columns WHERE database = currentDatabase() AND table = {t:String}', { t: table })).map((r) => String(r['name'])),
    );
    const needed =
      product === 'langfuse'
        ? ['id', 'trace_id', 'project_id', 'type', 'start_time', 'provided_model_name', 'usage_details', 'level', 'metadata', 'name']
        : ['request_id', 'request_created_at', 'status', 'model', 'provider', 'user_id'];
    const lacking = needed.filter((n) => !columns.has(n));
    if (lacking.length)
      throw new UserError(
        `${table} has no column ${lacking.join(', ')}: it is not ${product === 'langfuse' ? "Langfuse v3's observations" : "Helicone's request_response_rmt"} table.`,
      );
    const shape: TableShape = { product, table: ident(table), columns, traces: product === 'langfuse' && tables.includes('traces') ? ident('traces') : null };
    return new ClickHouseReader(ex, shape, label(table), opts);
  }

  /** The pages of a window: whole days of buckets from its start (or the first row) to its end (or now). */
  private async pages(w: Window): Promise<[number, number][]> {
    let from = w.from;
    if (from === null) {
      const [r] = await this.ex.query(firstRowQuery(this.shape), {});
      if (!r || Number(r['n']) === 0) return [];
      from = Math.floor(Number(r['first']) / BUCKET_MS) * BUCKET_MS;
    }
    const to = w.to ?? Math.floor(this.now() / BUCKET_MS) * BUCKET_MS + BUCKET_MS;
    const out: [number, number][] = [];
    for (let a = from; a < to; a += this.pageMs) out.push([a, Math.min(a + this.pageMs, to)]);
    return out;
  }

  async readBuckets(w: Window, individualAbove: number, each: (b: Bucket) => void): Promise<BucketRead> {
    const started = performance.now();
    const left = new Map<string, LeftOut>();
    let rowsAggregated = 0;
    const sql = bucketsQuery(this.shape);
    for (const [a, b] of await this.pages(w)) {
      const rows = await this.ex.query(sql, { from: chTime(a), to: chTime(b), above: individualAbove });
      for (const r of rows) {
        const n = Number(r['t_requests']);
        const kind = String(r['g_kind']);
        if (kind !== 'ok') {
          const l = LEFT_OUT[kind] ?? { kind: 'skipped' as const, reason: kind };
          const e = left.get(kind);
          if (e) e.rows += n;
          else left.set(kind, { ...l, rows: n });
          continue;
        }
        rowsAggregated += n;
        each({
          ...(r['g_single'] ? { single: String(r['g_single']) } : {}),
          ts: Number(r['g_bucket']),
          model: String(r['g_model']),
          provider: str(r['g_provider']),
          project: str(r['g_project']),
          user: str(r['g_user']),
          apiKey: null,
          feature: str(r['g_feature']),
          tags: (r['g_tags'] as string[] | null) ?? [],
          batch: false,
          serviceTier: str(r['g_service_tier']),
          requests: n,
          inputTokens: Number(r['t_input']),
          cacheReadTokens: Number(r['t_cache_read']),
          cacheWrite5mTokens: Number(r['t_cache_write_5m']),
          cacheWrite1hTokens: Number(r['t_cache_write_1h']),
          outputTokens: Number(r['t_output']),
          reasoningTokens: Number(r['t_reasoning']),
          reportedCostUsd: Number(r['t_priced_rows']) > 0 ? Number(r['t_reported_cost']) : null,
        });
      }
    }
    return { rowsAggregated, leftOut: [...left.values()], serverMs: performance.now() - started };
  }

  async readRows(
    w: Window,
    which: 'all' | 'individual',
    individualAbove: number,
    each: (row: Record<string, unknown>) => void,
  ): Promise<{ rows: number; serverMs: number }> {
    // Every Langfuse and Helicone row has a request count of one: the buckets leave nothing to read one by one.
    if (which === 'individual') return { rows: 0, serverMs: 0 };
    const started = performance.now();
    const sql = rowsQuery(this.shape, this.rowPage);
    let n = 0;
    for (const [a, b] of await this.pages(w)) {
      let after = { ts: chTime(a - 1), id: '' };
      for (;;) {
        const rows = await this.ex.query(sql, { from: chTime(a), to: chTime(b), above: individualAbove, after_ts: after.ts, after_id: after.id });
        for (const r of rows) each(JSON.parse(String(r['row'])) as Record<string, unknown>);
        n += rows.length;
        if (rows.length < this.rowPage) break;
        const last = rows[rows.length - 1]!;
        after = { ts: String(last['start_time']), id: String(last['id']) };
      }
    }
    return { rows: n, serverMs: performance.now() - started };
  }

  close(): Promise<void> {
    return this.ex.close();
  }
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/** ClickHouse error codes worth another try: the server was busy or the network dropped, not the query or the user. */
const RETRY_CODES = new Set(['3', '159', '202', '209', '210', '236', '241', '242', '425', '999', '1000']);
const AUTH_CODES = new Set(['192', '193', '194', '195', '516']);
const NETWORK = /ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|socket hang up|Timeout error|other side closed|EAI_AGAIN/i;

export interface NetworkOptions {
  retries?: number;
  /** Wait before try n (1-based), in ms. */
  backoffMs?: (attempt: number) => number;
  requestTimeoutMs?: number;
}

/** The official client over HTTP(S), with one query per page, retried on transient failures, never on auth errors. */
export async function networkExecutor(c: Connection, opts: NetworkOptions = {}): Promise<ClickHouseExecutor> {
  const { createClient, ClickHouseLogLevel } = await import('@clickhouse/client');
  const where = `${c.host}:${c.port}/${c.database}`;
  const client = createClient({
    url: `${c.secure ? 'https' : 'http'}://${c.host.includes(':') ? `[${c.host}]` : c.host}:${c.port}`,
    username: c.user,
    password: c.password,
    database: c.database,
    application: 'llmcost',
    request_timeout: opts.requestTimeoutMs ?? 300_000,
    max_open_connections: 1,
    compression: { request: false, response: false },
    // The client's own log would print queries and driver messages on stderr; failures are reported here instead.
    log: { level: ClickHouseLogLevel.OFF },
  });
  const retries = opts.retries ?? 3;
  const backoff = opts.backoffMs ?? ((n: number) => 250 * 4 ** (n - 1));
  return {
    async query(sql, params) {
      for (let attempt = 1; ; attempt++) {
        try {
          const rs = await client.query({ query: sql, query_params: params, format: 'JSONEachRow' });
          return (await rs.json()) as Row[];
        } catch (err) {
          const e = err as { code?: string; type?: string; message?: string };
          const code = e.code === undefined ? undefined : String(e.code);
          const msg = scrub(String(e.message ?? err), c.password)
            .replace(/\s+/g, ' ')
            .slice(0, 240);
          if (code && AUTH_CODES.has(code)) {
            throw new UserError(
              `ClickHouse at ${where} refused user ${c.user} (${e.type ?? code}): check the user and the password in CLICKHOUSE_PASSWORD (or the config's passwordEnv).`,
            );
          }
          if (code === '497') throw new UserError(`ClickHouse at ${where}: user ${c.user} may not read this table (${msg}): grant it SELECT.`);
          if (code === '81') throw new UserError(`ClickHouse at ${where}: the database does not exist (${msg}): name it in the URL.`);
          // Numeric codes are ClickHouse's; others (ECONNRESET, ...) are the socket's.
          const server = code !== undefined && /^\d+$/.test(code);
          const transient = server ? RETRY_CODES.has(code) : NETWORK.test(`${code ?? ''} ${msg}`) || /\b50[234]\b/.test(msg);
          if (!transient) {
            if (!server && code)
              throw new UserError(
                `ClickHouse at ${where} cannot be reached (${code}): check the host and port (HTTP interface, 8123 or 8443), and that the server accepts connections.`,
              );
            throw new UserError(`ClickHouse at ${where} answered with an error (${e.type ?? code ?? 'no code'}: ${msg}).`);
          }
          if (attempt > retries) {
            throw new UserError(
              `ClickHouse at ${where} failed ${attempt} times (${e.type ?? code ?? msg}): check that the server is up and reachable, then run the same ingest again (nothing was written).`,
            );
          }
          await new Promise((r) => setTimeout(r, backoff(attempt)));
        }
      }
    },
    close: () => client.close(),
  };
}

export async function openClickHouseReader(c: Connection): Promise<EngineReader> {
  const ex = await networkExecutor(c);
  // Tuning knobs (and what the tests page with): days of buckets per query, rows per keyset page.
  const pageDays = Number(process.env['LLMCOST_CLICKHOUSE_PAGE_DAYS'] ?? '') || undefined;
  const rowPage = Number(process.env['LLMCOST_CLICKHOUSE_PAGE_ROWS'] ?? '') || undefined;
  try {
    return await ClickHouseReader.open(ex, c, (table) => connectionLabel(c, table), {
      now: nowMs,
      ...(pageDays ? { pageDays } : {}),
      ...(rowPage ? { rowPage } : {}),
    });
  } catch (err) {
    await ex.close();
    throw err;
  }
}
