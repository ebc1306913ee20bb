/**
 * Schema migrations, applied in order by PRAGMA user_version. Never edit a shipped migration: add one.
 */
export const MIGRATIONS: string[] = [
  // 1: normalized records, the files they came from, each ingest run, skipped lines, and rollups.
  `
  CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    -- sha256 of the size, first MiB and last MiB: a file whose quick hash matches no source is new, so its
    -- full hash can be computed while it is parsed instead of before.
    quick_hash TEXT NOT NULL,
    size INTEGER NOT NULL,
    format TEXT NOT NULL,
    first_path TEXT NOT NULL,
    records INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    ingested_at TEXT NOT NULL
  );
  CREATE INDEX sources_by_quick_hash ON sources (quick_hash);
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
  -- One row per request (or bucket). "key" is a 53-bit hash of "id": an integer unique index is far cheaper
  -- to maintain than a text one, and a collision is resolved exactly by probing key+1, key+2, ... (db/store.ts).
  CREATE TABLE records (
    rid INTEGER PRIMARY KEY,
    key INTEGER NOT NULL UNIQUE,
    id TEXT NOT NULL,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    ts INTEGER NOT NULL,
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
    tags TEXT
  );
  -- Sums of the records each source added, per 15-minute bucket (every real UTC offset is a multiple of
  -- 15 minutes, so any time zone's days are unions of buckets) and model. Totals, by-model and by-day
  -- reports read these instead of the records. Empty strings stand for NULL so the key stays unique.
  CREATE TABLE rollups (
    source_id INTEGER NOT NULL REFERENCES sources(id),
    bucket INTEGER NOT NULL,
    model TEXT NOT NULL,
    provider TEXT NOT NULL,
    model_id TEXT NOT NULL,
    records INTEGER NOT NULL,
    requests INTEGER NOT NULL,
    unknown_requests INTEGER NOT NULL,
    input_tokens INTEGER NOT NULL,
    cache_read_tokens INTEGER NOT NULL,
    cache_write_5m_tokens INTEGER NOT NULL,
    cache_write_1h_tokens INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL,
    reasoning_tokens INTEGER NOT NULL,
    cost_usd REAL NOT NULL,
    unpriced_requests INTEGER NOT NULL,
    unpriced_records INTEGER NOT NULL,
    reported_cost_usd REAL,
    PRIMARY KEY (source_id, bucket, model, provider, model_id)
  ) WITHOUT ROWID;
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
  `,
  // 2: skipped lines get a kind ('skipped': unusable input; 'failed': a request the source logged as failed,
  // which carries no usage), and one line of a JSON document may hold several (one per bucket).
  `
  CREATE TABLE skipped_v2 (
    source_id INTEGER NOT NULL REFERENCES sources(id),
    line INTEGER NOT NULL,
    kind TEXT NOT NULL DEFAULT 'skipped',
    reason TEXT NOT NULL
  );
  INSERT INTO skipped_v2 (source_id, line, reason) SELECT source_id, line, reason FROM skipped;
  DROP TABLE skipped;
  ALTER TABLE skipped_v2 RENAME TO skipped;
  CREATE INDEX skipped_by_source ON skipped (source_id, line);
  `,
  // 3 (pricing): `speed` is Anthropic's usage.speed as the source gave it ("fast" bills at the model's fast-mode
  // rates), kept apart from service_tier because a request has both. `cost_approximate` is 1 when the catalog
  // lacked the rates of the record's combination and the nearest published ones priced it; reports mark such
  // costs. Few records are approximate, so a partial index finds them without a scan.
  `
  ALTER TABLE records ADD COLUMN speed TEXT;
  ALTER TABLE records ADD COLUMN cost_approximate INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX records_cost_approximate ON records (rid) WHERE cost_approximate = 1;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Rebuilds every rollup from the records (after repricing). */
export const REBUILD_ROLLUPS = `
  DELETE FROM rollups;
  INSERT INTO rollups SELECT source_id, ts / 900000, model, COALESCE(provider, ''), COALESCE(model_id, ''),
    COUNT(*), COALESCE(SUM(requests), 0), SUM(requests IS NULL),
    SUM(input_tokens), SUM(cache_read_tokens), SUM(cache_write_5m_tokens), SUM(cache_write_1h_tokens),
    SUM(output_tokens), SUM(reasoning_tokens), COALESCE(SUM(cost_usd), 0),
    SUM(CASE WHEN cost_usd IS NULL THEN COALESCE(requests, 1) ELSE 0 END), SUM(cost_usd IS NULL), SUM(reported_cost_usd)
  FROM records GROUP BY 1, 2, 3, 4, 5;
`;
