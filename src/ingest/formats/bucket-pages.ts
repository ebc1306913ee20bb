import { deliver, type DetectSample, type LineOutcome, type RecordSink } from '../adapter.js';
import { describeValue, isObj, type Obj, skipReason } from '../fields.js';
import { parseTimestamp } from '../../util/time.js';

/**
 * The paged usage and cost reports of the provider admin APIs (OpenAI organization usage/costs, Anthropic
 * usage/cost reports) share one shape: `{data: [{<start>, <end>, results: [...]}], ...}`, saved as a page,
 * an array of pages, or one page per line; a bare bucket is read too.
 */

/** The time span of one bucket, in epoch milliseconds (end undefined when the bucket has none). */
export interface BucketSpan {
  start: number;
  end: number | undefined;
}

/** Reads one result of a bucket into a record, or says why not; `path` names the result in reasons. */
export type ResultReader = (result: Obj, span: BucketSpan, path: string) => LineOutcome;

export interface PageShape {
  /** The bucket's start and end keys (`start_time`/`end_time`, `starting_at`/`ending_at`). */
  startKey: string;
  endKey: string;
  /** The reason given for a line that is neither a page nor a bucket. */
  notAPage: (value: Obj) => string;
}

/** The buckets a page or a bare bucket holds, with the path their reasons name them by. */
export function bucketsOf(value: Obj): { bucket: unknown; path: string }[] | undefined {
  if (Array.isArray(value['data'])) return value['data'].map((bucket: unknown, i: number) => ({ bucket, path: `data[${i}]` }));
  if (Array.isArray(value['results'])) return [{ bucket: value, path: 'bucket' }];
  return undefined;
}

/**
 * Hands every result of a page (or bare bucket) to `read`. One line holds many results, so each unusable
 * bucket or result is skipped on its own, with its path in the reason; empty buckets are simply empty.
 */
export function readBucketPage(value: Obj, line: number, sink: RecordSink, shape: PageShape, read: ResultReader): void {
  const buckets = bucketsOf(value);
  if (!buckets) {
    sink.skip(line, shape.notAPage(value));
    return;
  }
  for (const { bucket, path } of buckets) {
    if (!isObj(bucket) || !Array.isArray(bucket['results'])) {
      sink.skip(line, `${path} is not a bucket with a "results" list`);
      continue;
    }
    const start = parseTimestamp(bucket[shape.startKey]);
    if (start === null) {
      sink.skip(line, `${path}.${shape.startKey} is not a time (${describeValue(bucket[shape.startKey] ?? null)})`);
      continue;
    }
    const span: BucketSpan = { start, end: parseTimestamp(bucket[shape.endKey]) ?? undefined };
    bucket['results'].forEach((result: unknown, j: number) => {
      const resultPath = `${path}.results[${j}]`;
      if (!isObj(result)) {
        sink.skip(line, `${resultPath} is not an object`);
        return;
      }
      try {
        deliver(read(result, span, resultPath), line, sink);
      } catch (err) {
        sink.skip(line, skipReason(err));
      }
    });
  }
}

/**
 * Scores pages (or bare buckets) whose results are of `kind`, as `kindOf` tells a sampled value's kind ('empty'
 * for a page whose buckets hold no results). Pages with only empty buckets fit any report of the API; they
 * count for a file that also shows `kind`, and a file of nothing but empty pages goes to the report that
 * `claimsEmpty` (score 1), so that it reads as zero records rather than an unrecognized format.
 */
export function bucketReportScore(kindOf: (value: unknown) => string | undefined, kind: string, claimsEmpty: boolean) {
  return (sample: DetectSample): number => {
    if (sample.container === 'csv') return 0;
    const kinds = sample.values.map(kindOf);
    const own = kinds.filter((k) => k === kind).length;
    const empty = kinds.filter((k) => k === 'empty').length;
    if (own + empty === 0 || (own + empty) * 2 < sample.values.length) return 0;
    if (own > 0) return (own + empty) * 20;
    return claimsEmpty && empty === sample.values.length ? 1 : 0;
  };
}
