import { UserError } from '../util/errors.js';
import type { Connection } from './connection.js';
import type { EngineReader } from './reader.js';

export async function openClickHouseReader(_c: Connection): Promise<EngineReader> {
  throw new UserError('ClickHouse sources are not available yet.');
}
