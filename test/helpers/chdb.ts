import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ClickHouseExecutor, Row } from '../../src/engines/clickhouse.js';

/**
 * chdb embeds a current ClickHouse in the test process. It is large (≈550 MB), so it is no dependency of the
 * project: .ci/run installs it into a folder of its own and names it in LLMCOST_CHDB_DIR; a developer can
 * `npm install --no-save chdb`. Without it, the tests that need it skip and say why.
 */
export interface ChdbSession {
  query(sql: string, format?: string): string;
  queryBind(sql: string, args: object, format?: string): string;
  cleanup(): void;
}

export function loadChdb(): { Session: new () => ChdbSession } | { missing: string } {
  const places = [process.env['LLMCOST_CHDB_DIR'] ? join(process.env['LLMCOST_CHDB_DIR'], 'node_modules', 'chdb') : undefined, 'chdb'].filter(
    (p): p is string => p !== undefined,
  );
  const require = createRequire(import.meta.url);
  for (const p of places) {
    if (p !== 'chdb' && !existsSync(p)) continue;
    try {
      return require(p) as { Session: new () => ChdbSession };
    } catch {
      // not installed here
    }
  }
  return {
    missing:
      'the optional chdb package (embedded ClickHouse) is not installed: npm install --no-save chdb, or LLMCOST_CHDB_DIR=<folder with node_modules/chdb> (.ci/run installs it)',
  };
}

/** Runs the reader's queries on an embedded ClickHouse session. */
export function chdbExecutor(s: ChdbSession): ClickHouseExecutor & { calls: number } {
  const ex = {
    calls: 0,
    async query(sql: string, params: Record<string, unknown>): Promise<Row[]> {
      ex.calls++;
      const text = Object.keys(params).length ? s.queryBind(sql, params, 'JSONEachRow') : s.query(sql, 'JSONEachRow');
      return text
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as Row);
    },
    async close() {},
  };
  return ex;
}

/** Langfuse v3's observations and traces tables, as its ClickHouse migrations create them (the columns read). */
export const LANGFUSE_DDL = [
  `CREATE TABLE observations (
    id String, trace_id String, project_id String, type LowCardinality(String), parent_observation_id Nullable(String),
    environment LowCardinality(String) DEFAULT 'default',
    start_time DateTime64(3), end_time Nullable(DateTime64(3)), name String, metadata Map(LowCardinality(String), String),
    level LowCardinality(String), status_message Nullable(String), version Nullable(String),
    input Nullable(String) CODEC(ZSTD(3)), output Nullable(String) CODEC(ZSTD(3)),
    provided_model_name Nullable(String), internal_model_id Nullable(String), model_parameters Nullable(String),
    provided_usage_details Map(LowCardinality(String), UInt64), usage_details Map(LowCardinality(String), UInt64),
    provided_cost_details Map(LowCardinality(String), Decimal64(12)), cost_details Map(LowCardinality(String), Decimal64(12)),
    total_cost Nullable(Decimal64(12)), completion_start_time Nullable(DateTime64(3)),
    prompt_id Nullable(String), prompt_name Nullable(String), prompt_version Nullable(UInt16),
    created_at DateTime64(3) DEFAULT now(), updated_at DateTime64(3) DEFAULT now(), event_ts DateTime64(3), is_deleted UInt8
  ) ENGINE = ReplacingMergeTree(event_ts, is_deleted) PARTITION BY toYYYYMM(start_time)
  PRIMARY KEY (project_id, type, toDate(start_time)) ORDER BY (project_id, type, toDate(start_time), id)`,
  `CREATE TABLE traces (
    id String, timestamp DateTime64(3), name String, user_id Nullable(String), metadata Map(LowCardinality(String), String),
    release Nullable(String), version Nullable(String), project_id String, environment LowCardinality(String) DEFAULT 'default',
    public Bool, bookmarked Bool, tags Array(String), input Nullable(String), output Nullable(String), session_id Nullable(String),
    created_at DateTime64(3) DEFAULT now(), updated_at DateTime64(3) DEFAULT now(), event_ts DateTime64(3), is_deleted UInt8
  ) ENGINE = ReplacingMergeTree(event_ts, is_deleted) PARTITION BY toYYYYMM(timestamp)
  PRIMARY KEY (project_id, toDate(timestamp)) ORDER BY (project_id, toDate(timestamp), id)`,
];

/** Helicone's request_response_rmt, as its migrations leave it (the columns read). */
export const HELICONE_DDL = `CREATE TABLE request_response_rmt (
    response_id Nullable(UUID), response_created_at Nullable(DateTime64(3)), latency Nullable(Int64), status Int64,
    completion_tokens Nullable(Int64), prompt_tokens Nullable(Int64), prompt_cache_write_tokens Int64 DEFAULT 0,
    prompt_cache_read_tokens Int64 DEFAULT 0, reasoning_tokens Int64 DEFAULT 0, model LowCardinality(String), request_id UUID,
    request_created_at DateTime64(3), user_id LowCardinality(String), organization_id UUID, proxy_key_id Nullable(UUID),
    provider LowCardinality(String), country_code Nullable(String), properties Map(LowCardinality(String), String),
    request_body String DEFAULT '', response_body String DEFAULT '', cost Nullable(UInt64) DEFAULT 0,
    cache_reference_id UUID DEFAULT '00000000-0000-0000-0000-000000000000', cache_enabled Bool DEFAULT false,
    updated_at DateTime64(3, 'UTC') DEFAULT now()
  ) ENGINE = ReplacingMergeTree(updated_at) PARTITION BY toYYYYMM(request_created_at)
  ORDER BY (organization_id, provider, model, user_id, request_created_at, request_id)`;
