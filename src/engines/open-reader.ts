import type { Connection } from './connection.js';
import type { EngineReader } from './reader.js';

/** Opens the reader for a connection: Postgres (LiteLLM) or ClickHouse (Langfuse, Helicone). */
export async function openReader(c: Connection): Promise<EngineReader> {
  if (c.kind === 'postgres') {
    const { LitellmPostgresReader } = await import('./litellm-postgres.js');
    return LitellmPostgresReader.open(c);
  }
  const { openClickHouseReader } = await import('./clickhouse.js');
  return openClickHouseReader(c);
}
