/**
 * Schema migrations, applied in order by PRAGMA user_version. Never edit a shipped migration: add one.
 */
export const MIGRATIONS: string[] = [
  // 1: normalized records, the files they came from, each ingest run, and skipped lines.
  `
  CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    format TEXT NOT NULL,
    first_path TEXT NOT NULL,
    records INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    ingested_at TEXT NOT NULL
  );
  CREATE TABLE ingests (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    path TEXT NOT NULL,
    format TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    added INTEGER NOT NULL,
    duplicates INTEGER NOT NULL,
    skipped INTEGER NOT NULL,
    failed INTEGER NOT NULL,
    tool_version TEXT NOT NULL
  );
  CREATE TABLE records (
    rid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    ts INTEGER NOT NULL,
    day TEXT NOT NULL,
    provider TEXT,
    model TEXT NOT NULL,
    model_id TEXT,
    input_tokens INTEGER NOT NULL,
    cache_read_tokens INTEGER NOT NULL,
    cache_write_5m_tokens INTEGER NOT NULL,
    cache_write_1h_tokens INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL,
    reasoning_tokens INTEGER NOT NULL,
    requests INTEGER,
    batch INTEGER NOT NULL,
    service_tier TEXT,
    long_context INTEGER,
    reported_cost_usd REAL,
    cost_usd REAL,
    project TEXT,
    user TEXT,
    api_key TEXT,
    feature TEXT,
    tags TEXT,
    prompt_hash TEXT,
    prefix_hash TEXT,
    prompt_tokens_est INTEGER
  );
  -- A record already stored from one file and found again in another: the second file's reports include it.
  CREATE TABLE record_sources (
    source_id INTEGER NOT NULL REFERENCES sources(id),
    rid INTEGER NOT NULL REFERENCES records(rid),
    PRIMARY KEY (source_id, rid)
  ) WITHOUT ROWID;
  CREATE TABLE skipped (
    source_id INTEGER NOT NULL REFERENCES sources(id),
    line INTEGER NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (source_id, line)
  ) WITHOUT ROWID;
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
  -- Covering index: the audit's one grouped scan reads only this index, in day order.
  CREATE INDEX records_by_day ON records (day, model, provider, model_id, requests, input_tokens, cache_read_tokens,
    cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_usd, reported_cost_usd);
  CREATE INDEX records_by_cost ON records (cost_usd);
  CREATE INDEX records_by_source ON records (source_id);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
