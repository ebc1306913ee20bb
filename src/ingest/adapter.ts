import type { UsageRecord } from '../usage/record.js';

/** How many lines (or items of a JSON document) detection looks at. */
export const SAMPLE_LINES = 20;

/** What detection sees of a file: its first parsed JSON values (at most SAMPLE_LINES), or its CSV header. */
export type DetectSample = { container: 'jsonl'; values: unknown[] } | { container: 'json'; values: unknown[] } | { container: 'csv'; header: string[] };

/** Where an adapter sends what it reads. `line` is the 1-based line (JSONL) or row (CSV) in the file. */
export interface RecordSink {
  record(record: UsageRecord, line: number): void;
  /** A line that is not a usable record: skipped, counted and listed (`--strict` stops here). */
  skip(line: number, reason: string): void;
  /**
   * A request the source itself logged as failed (an error status, an errorCode): it carries no usage, so
   * it is counted and listed as failed rather than skipped. Not a fault of the input: `--strict` goes on.
   */
  fail(line: number, reason: string): void;
}

export interface RecordParser {
  /** One parsed JSON value (jsonl/json containers) or one CSV row keyed by header (csv container). */
  push(value: unknown, line: number): void;
  /** End of file: adapters that collapse several lines into one record emit what they held. */
  finish(): void;
}

/** One source format: detect it from content, then normalize its lines into UsageRecords (DESIGN.md). */
export interface FormatAdapter {
  name: string;
  /** One line for `--help` and the unrecognized-format error. */
  description: string;
  containers: ReadonlyArray<DetectSample['container']>;
  /**
   * Its records are figures for a period that a later fetch of the same report revises (usage buckets, billing
   * pages): of two copies of one key, the one from the file written last is kept (identity.ts).
   */
  revised?: boolean;
  /** 0 when the sample is not this format; higher means more specific. */
  detect(sample: DetectSample): number;
  open(sink: RecordSink): RecordParser;
}

/** A request the source itself logged as failed: it goes to `RecordSink.fail` with its reason. */
export class Failed {
  constructor(readonly reason: string) {}
}

export function failed(reason: string): Failed {
  return new Failed(reason);
}

/**
 * What reading one line (a CSV row, a result of a report page) comes to: a record; a skip, as its reason; a
 * request the source logged as failed; or nothing, for a line that is no request (a transcript note, a
 * stream's content event, a bucket of an empty period).
 */
export type LineOutcome = UsageRecord | string | Failed | undefined;

/** Sends a line's outcome where it goes. */
export function deliver(outcome: LineOutcome, line: number, sink: RecordSink): void {
  if (outcome === undefined) return;
  if (typeof outcome === 'string') sink.skip(line, outcome);
  else if (outcome instanceof Failed) sink.fail(line, outcome.reason);
  else sink.record(outcome, line);
}
