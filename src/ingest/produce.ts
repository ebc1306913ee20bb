import type { FormatAdapter, RecordSink } from './adapter.js';
import type { Container } from './detect.js';
import { documentValues } from './detect.js';
import { forEachCsvRow } from './csv-rows.js';
import { forEachJsonLine } from './lines.js';
import type { PreparedRecord } from './prepare.js';
import { implausiblePrice, implausibleRecord } from './plausible.js';
import type { UsageRecord } from '../usage/record.js';
import type { SkipKind } from '../usage/skip.js';

/** Where produced records and skipped lines go, in file order. */
export interface ProducedSink {
  prepared(p: PreparedRecord, line: number): void;
  skip(line: number, reason: string, kind?: SkipKind): void;
}

/**
 * Reads a file with its adapter and hands every record, prepared, to `out`. The same code runs in the
 * parse worker (large JSON-lines files) and in the main thread (everything else).
 */
export async function produceRecords(
  path: string,
  container: Exclude<Container, 'empty'>,
  doc: unknown,
  adapter: FormatAdapter,
  prepare: (r: UsageRecord) => PreparedRecord,
  out: ProducedSink,
  onChunk?: (bytesRead: number, chunk: Buffer) => void,
): Promise<void> {
  const sink: RecordSink = {
    // Every format's records pass the same plausibility checks (plausible.ts) before they are stored.
    record: (r, line) => {
      const bad = implausibleRecord(r);
      if (bad !== undefined) return out.skip(line, bad);
      const p = prepare(r);
      const badPrice = implausiblePrice(p);
      if (badPrice !== undefined) return out.skip(line, badPrice);
      out.prepared(p, line);
    },
    skip: (line, reason) => out.skip(line, reason),
    fail: (line, reason) => out.skip(line, reason, 'failed'),
  };
  const parser = adapter.open(sink);
  if (container === 'jsonl') {
    await forEachJsonLine(
      path,
      (value, line) => parser.push(value, line),
      (line, reason) => out.skip(line, reason),
      onChunk,
    );
  } else if (container === 'json') {
    documentValues(doc).forEach((v, i) => {
      parser.push(v, i + 1);
    });
  } else {
    await forEachCsvRow(
      path,
      (row, line) => parser.push(row, line),
      (line, reason) => out.skip(line, reason),
      onChunk,
    );
  }
  parser.finish();
}
