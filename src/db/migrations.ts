import type { DB } from './open.js';
import { rekeyRecords } from './rekey.js';

/**
 * Schema migrations, applied in order by PRAGMA user_version inside one write transaction. Never edit a
 * shipped migration: add one. A migration is SQL, or a function for what SQL cannot compute (record keys).
 */
export type Migration = string | ((db: DB) => void);

/**
 * Migration 3's rebuild of the rollups, frozen as shipped: it runs on the tables of schema 3, so it may not follow
 * the column list (db/sums.ts) as later migrations change it.
 */
const SCHEMA_3_REBUILD_ROLLUPS = `
  DELETE FROM rollups;
  INSERT INTO rollups SELECT source_id, ts / 900000, model, COALESCE(provider, ''), COALESCE(model_id, ''),
    COUNT(*), COALESCE(SUM(requests), 0), SUM(requests IS NULL),
    SUM(input_tokens), SUM(cache_read_tokens), SUM(cache_write_5m_tokens), SUM(cache_write_1h_tokens),
    SUM(output_tokens), SUM(reasoning_tokens), COALESCE(SUM(cost_usd), 0),
    SUM(CASE WHEN cost_usd IS NULL THEN COALESCE(requests, 1) ELSE 0 END), SUM(cost_usd IS NULL), SUM(reported_cost_usd)
  FROM records GROUP BY 1, 2, 3, 4, 5;
`;

export const MIGRATIONS: Migration[] = [
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
  // 3: record identity (ingest/identity.ts). Sources get a label (the scope of ids that only mean something
  // inside their source) and the time their file was written (the fetch time that settles revised figures).
  // Records keep the line they came from, their key's scope and whether they are a sidechain replay; two
  // copies of one key with different figures are kept as conflicts. Stored ids are re-keyed to the new rules.
  (db) => {
    db.exec(`
      ALTER TABLE sources ADD COLUMN label TEXT;
      ALTER TABLE sources ADD COLUMN fetched_at INTEGER;
      UPDATE sources SET label = first_path, fetched_at = CAST(strftime('%s', ingested_at) AS INTEGER) * 1000;
      ALTER TABLE records ADD COLUMN scope TEXT;
      ALTER TABLE records ADD COLUMN line INTEGER;
      ALTER TABLE records ADD COLUMN replay INTEGER NOT NULL DEFAULT 0;
      CREATE TABLE conflicts (
        id INTEGER PRIMARY KEY,
        -- the source whose ingest met the second copy
        found_by INTEGER NOT NULL REFERENCES sources(id),
        record_id TEXT NOT NULL,
        scope TEXT,
        settlement TEXT NOT NULL,
        kept_source INTEGER NOT NULL REFERENCES sources(id),
        kept_line INTEGER,
        dropped_source INTEGER NOT NULL REFERENCES sources(id),
        dropped_line INTEGER,
        detail TEXT NOT NULL
      );
      CREATE INDEX conflicts_by_source ON conflicts (found_by);
    `);
    rekeyRecords(db);
    db.exec(SCHEMA_3_REBUILD_ROLLUPS);
  },
  // 4: prompt fingerprints (ingest/fingerprint.ts). Prefix blocks form a tree: a block is the prompt up to one
  // cache boundary, its parent the block one boundary earlier; records point at their deepest block, so the
  // blocks that the turns of one conversation share are stored once. The prompt text only with --store-prompts.
  `
  CREATE TABLE prefix_blocks (
    id INTEGER PRIMARY KEY,
    parent INTEGER,
    hash INTEGER NOT NULL UNIQUE,
    tokens INTEGER NOT NULL
  );
  CREATE TABLE fingerprints (
    rid INTEGER PRIMARY KEY REFERENCES records(rid),
    prompt_hash TEXT NOT NULL,
    prompt_tokens INTEGER NOT NULL,
    prefix_block INTEGER REFERENCES prefix_blocks(id),
    signature BLOB
  );
  CREATE INDEX fingerprints_by_prompt ON fingerprints (prompt_hash);
  CREATE TABLE prompts (rid INTEGER PRIMARY KEY REFERENCES records(rid), text TEXT NOT NULL);
  -- The database's own fingerprint salt, made here, inside the migration's write lock, so that an ingest never
  -- needs the lock just to read it (SQLite's randomblob draws on the system's randomness).
  INSERT OR IGNORE INTO meta (key, value) VALUES ('fingerprint_salt', lower(hex(randomblob(32))));
  `,
  // 5: `speed` is Anthropic's usage.speed as the source gave it ("fast" bills at the model's fast-mode
  // rates), kept apart from service_tier because a request has both. `cost_approximate` is 1 when the catalog
  // lacked the rates of the record's combination and the nearest published ones priced it; reports mark such
  // costs. Few records are approximate, so a partial index finds them without a scan.
  `
  ALTER TABLE records ADD COLUMN speed TEXT;
  ALTER TABLE records ADD COLUMN cost_approximate INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX records_cost_approximate ON records (rid) WHERE cost_approximate = 1;
  `,
  // 6: response fingerprints (ingest/response-hash.ts): the salted hash of a request's normalized answer, beside
  // its prompt's fingerprint, so the semantic-cache replay can tell whether a hit would have served a different
  // answer. Null where the source carries no response; a response without a prompt gets no row (nothing could
  // match it). Rows stored before this migration keep null: their answers were never read.
  `
  ALTER TABLE fingerprints ADD COLUMN response_hash TEXT;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
