import { closeSync, openSync, writeSync } from 'node:fs';
import type { DB } from '../db/open.js';
import { TOKEN_COLUMNS } from '../usage/columns.js';
import { BUCKET_MS } from '../usage/periods.js';
import { UserError } from '../util/errors.js';

/**
 * `llmcost export`: the normalized records (or the 15-minute rollups) as JSON lines, CSV or Parquet, with one
 * documented schema (docs/export-schema.md) that a ClickHouse, DuckDB or warehouse table can load as it is.
 */

export type ExportFormat = 'jsonl' | 'csv' | 'parquet';
export type ColumnType = 'string' | 'int' | 'float' | 'bool' | 'timestamp' | 'tags';

export interface Column {
  name: string;
  type: ColumnType;
  nullable: boolean;
  /** The SQL expression over `records r` / `rollups` that gives it. */
  sql: string;
}

/** Schema version of the export, written into Parquet metadata and documented; columns are only ever added. */
export const EXPORT_SCHEMA_VERSION = 1;

/** A rollup's bucket start in epoch ms. */
const BUCKET_START = `bucket * ${BUCKET_MS}`;

export const RECORD_COLUMNS: Column[] = [
  { name: 'id', type: 'string', nullable: false, sql: 'r.id' },
  { name: 'scope', type: 'string', nullable: true, sql: 'r.scope' },
  { name: 'ts', type: 'timestamp', nullable: false, sql: 'r.ts' },
  { name: 'provider', type: 'string', nullable: true, sql: 'r.provider' },
  { name: 'model', type: 'string', nullable: false, sql: 'r.model' },
  { name: 'model_id', type: 'string', nullable: true, sql: 'r.model_id' },
  ...TOKEN_COLUMNS.map(({ column }): Column => ({ name: column, type: 'int', nullable: false, sql: `r.${column}` })),
  { name: 'requests', type: 'int', nullable: true, sql: 'r.requests' },
  { name: 'batch', type: 'bool', nullable: false, sql: 'r.batch' },
  { name: 'service_tier', type: 'string', nullable: true, sql: 'r.service_tier' },
  { name: 'long_context', type: 'bool', nullable: true, sql: 'r.long_context' },
  { name: 'reported_cost_usd', type: 'float', nullable: true, sql: 'r.reported_cost_usd' },
  { name: 'cost_usd', type: 'float', nullable: true, sql: 'r.cost_usd' },
  { name: 'project', type: 'string', nullable: true, sql: 'r.project' },
  { name: 'user', type: 'string', nullable: true, sql: 'r.user' },
  { name: 'api_key', type: 'string', nullable: true, sql: 'r.api_key' },
  { name: 'feature', type: 'string', nullable: true, sql: 'r.feature' },
  { name: 'tags', type: 'tags', nullable: false, sql: 'r.tags' },
  { name: 'replay', type: 'bool', nullable: false, sql: 'r.replay' },
  { name: 'source_format', type: 'string', nullable: false, sql: 's.format' },
];

export const ROLLUP_COLUMNS: Column[] = [
  { name: 'bucket_start', type: 'timestamp', nullable: false, sql: BUCKET_START },
  { name: 'model', type: 'string', nullable: false, sql: 'model' },
  { name: 'provider', type: 'string', nullable: true, sql: "NULLIF(provider, '')" },
  { name: 'model_id', type: 'string', nullable: true, sql: "NULLIF(model_id, '')" },
  { name: 'records', type: 'int', nullable: false, sql: 'SUM(records)' },
  { name: 'requests', type: 'int', nullable: false, sql: 'SUM(requests)' },
  { name: 'unknown_requests', type: 'int', nullable: false, sql: 'SUM(unknown_requests)' },
  ...TOKEN_COLUMNS.map(({ column }): Column => ({ name: column, type: 'int', nullable: false, sql: `SUM(${column})` })),
  { name: 'cost_usd', type: 'float', nullable: false, sql: 'SUM(cost_usd)' },
  { name: 'unpriced_requests', type: 'int', nullable: false, sql: 'SUM(unpriced_requests)' },
  { name: 'unpriced_records', type: 'int', nullable: false, sql: 'SUM(unpriced_records)' },
  { name: 'reported_cost_usd', type: 'float', nullable: true, sql: 'SUM(reported_cost_usd)' },
];

export interface ExportOptions {
  format: ExportFormat;
  rollups: boolean;
  fromMs: number | null;
  toMs: number | null;
  /** A file; undefined: stdout (JSON lines and CSV only). */
  out?: string;
  toolVersion: string;
}

type Row = Record<string, unknown>;

function query(db: DB, rollups: boolean, fromMs: number | null, toMs: number | null): { columns: Column[]; rows: IterableIterator<Row> } {
  const params: number[] = [];
  const where: string[] = [];
  const col = rollups ? BUCKET_START : 'r.ts';
  if (fromMs !== null) {
    where.push(`${col} >= ?`);
    params.push(fromMs);
  }
  if (toMs !== null) {
    where.push(`${col} < ?`);
    params.push(toMs);
  }
  const cond = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const columns = rollups ? ROLLUP_COLUMNS : RECORD_COLUMNS;
  const select = columns.map((c) => `${c.sql} AS "${c.name}"`).join(', ');
  const sql = rollups
    ? `SELECT ${select} FROM rollups ${cond} GROUP BY bucket, model, provider, model_id HAVING SUM(records) <> 0 ORDER BY bucket, model, provider, model_id`
    : `SELECT ${select} FROM records r JOIN sources s ON s.id = r.source_id ${cond} ORDER BY r.ts, r.rid`;
  return { columns, rows: db.prepare(sql).iterate(...params) as IterableIterator<Row> };
}

/** A stored value as the export's typed value. */
function typed(c: Column, v: unknown): unknown {
  if (v === null || v === undefined) return c.type === 'tags' ? [] : null;
  switch (c.type) {
    case 'bool':
      return v === 1 || v === true;
    case 'int':
    case 'float':
      return Number(v);
    case 'timestamp':
      return Number(v);
    case 'tags':
      return JSON.parse(String(v)) as string[];
    default:
      return String(v);
  }
}

function csvCell(c: Column, v: unknown): string {
  if (v === null) return '';
  let s: string;
  if (c.type === 'timestamp') s = new Date(v as number).toISOString();
  else if (c.type === 'tags') s = (v as string[]).length ? JSON.stringify(v) : '';
  else if (c.type === 'bool') s = v ? 'true' : 'false';
  else s = String(v);
  return /[",\n\r]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

class Out {
  private fd: number;
  private parts: string[] = [];
  private size = 0;
  constructor(path: string | undefined) {
    this.fd = path === undefined ? 1 : openSync(path, 'w');
  }
  write(s: string): void {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= 1 << 20) this.flush();
  }
  flush(): void {
    if (this.parts.length === 0) return;
    const buf = Buffer.from(this.parts.join(''));
    for (let off = 0; off < buf.length; ) {
      try {
        off += writeSync(this.fd, buf, off);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EAGAIN') continue;
        throw err;
      }
    }
    this.parts = [];
    this.size = 0;
  }
  close(): void {
    this.flush();
    if (this.fd !== 1) closeSync(this.fd);
  }
}

/** Writes the export; returns how many rows were written. */
export async function exportData(db: DB, opts: ExportOptions): Promise<number> {
  if (opts.format === 'parquet' && opts.out === undefined)
    throw new UserError('--format parquet writes a binary file: name it with -o FILE (e.g. -o usage.parquet).');
  const { columns, rows } = query(db, opts.rollups, opts.fromMs, opts.toMs);
  if (opts.format === 'parquet') return writeParquet(columns, rows, opts);
  const out = new Out(opts.out);
  let n = 0;
  try {
    if (opts.format === 'csv') out.write(`${columns.map((c) => c.name).join(',')}\n`);
    for (const raw of rows) {
      if (opts.format === 'csv') {
        out.write(`${columns.map((c) => csvCell(c, typed(c, raw[c.name]))).join(',')}\n`);
      } else {
        const o: Row = {};
        for (const c of columns) {
          const v = typed(c, raw[c.name]);
          o[c.name] = c.type === 'timestamp' ? new Date(v as number).toISOString() : v;
        }
        out.write(`${JSON.stringify(o)}\n`);
      }
      n++;
    }
  } finally {
    out.close();
  }
  return n;
}

const PARQUET_ROW_GROUP = 100_000;

/** Parquet through hyparquet-writer, one row group of up to 100,000 rows at a time (memory stays flat). */
async function writeParquet(columns: Column[], rows: IterableIterator<Row>, opts: ExportOptions): Promise<number> {
  const { ParquetWriter, fileWriter } = await import('hyparquet-writer');
  const schema = parquetSchema(columns);
  const writer = new ParquetWriter({
    writer: fileWriter(opts.out!),
    schema,
    createdBy: `llmcost ${opts.toolVersion}`,
    kvMetadata: [{ key: 'llmcost.export_schema', value: `${opts.rollups ? 'rollups' : 'records'}/${EXPORT_SCHEMA_VERSION}` }],
  } as never);
  let batch: unknown[][] = columns.map(() => []);
  let inBatch = 0;
  let n = 0;
  const flush = async () => {
    if (inBatch === 0) return;
    const columnData = columns.map((c, i) => ({
      name: c.name,
      data:
        c.type === 'timestamp'
          ? (batch[i] as number[]).map((ms) => BigInt(ms))
          : c.type === 'int'
            ? (batch[i] as (number | null)[]).map((x) => (x === null ? null : BigInt(x)))
            : batch[i]!,
    }));
    await (writer as unknown as { write(o: object): Promise<void> | void }).write({ columnData, rowGroupSize: PARQUET_ROW_GROUP });
    batch = columns.map(() => []);
    inBatch = 0;
  };
  for (const raw of rows) {
    columns.forEach((c, i) => {
      batch[i]!.push(typed(c, raw[c.name]));
    });
    inBatch++;
    n++;
    if (inBatch >= PARQUET_ROW_GROUP) await flush();
  }
  await flush();
  (writer as unknown as { finish(): void }).finish();
  return n;
}

type SchemaElement = Record<string, unknown>;

function parquetSchema(columns: Column[]): SchemaElement[] {
  const out: SchemaElement[] = [{ name: 'root', num_children: columns.length }];
  for (const c of columns) {
    const repetition_type = c.nullable ? 'OPTIONAL' : 'REQUIRED';
    switch (c.type) {
      case 'string':
        out.push({ name: c.name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type });
        break;
      case 'int':
        out.push({ name: c.name, type: 'INT64', repetition_type });
        break;
      case 'float':
        out.push({ name: c.name, type: 'DOUBLE', repetition_type });
        break;
      case 'bool':
        out.push({ name: c.name, type: 'BOOLEAN', repetition_type });
        break;
      case 'timestamp':
        out.push({
          name: c.name,
          type: 'INT64',
          repetition_type,
          converted_type: 'TIMESTAMP_MILLIS',
          logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
        });
        break;
      case 'tags':
        out.push(
          { name: c.name, repetition_type: 'REQUIRED', converted_type: 'LIST', num_children: 1 },
          { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
          { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
        );
        break;
    }
  }
  return out;
}
