import { promptOfEnvelope } from '../prompt.js';
import { responseText } from '../response.js';
import { deliver, Failed, SAMPLE_LINES, type DetectSample, type FormatAdapter, type LineOutcome, type RecordParser, type RecordSink } from '../adapter.js';
import { loggedError, readEnvelope, unwrap, type Envelope } from '../envelope.js';
import { isObj, type Obj, skipReason } from '../fields.js';
import { readBucketPage, type PageShape, type ResultReader } from './bucket-pages.js';

/**
 * A format whose lines are read one at a time, each on its own: what is specific to a source is how to
 * recognize its line and how to read one into a record (or a skip, a failure, nothing). The rest is here:
 * detection scoring, the guard around each read, envelopes, saved API pages and report buckets.
 */

/** How a format is detected. */
export type DetectRule =
  /** Points for each sampled JSON value that `recognize` accepts, when most of them do. */
  | number
  /** The score of a CSV header. */
  | { header(columns: string[]): number }
  /** A rule of the format's own, over samples of its containers. */
  | ((sample: DetectSample) => number);

interface CommonSpec {
  name: string;
  /** One line for `--help` and the unrecognized-format error. */
  description: string;
  containers: FormatAdapter['containers'];
  /** Its records are figures for a period that later fetches revise (FormatAdapter.revised). */
  revised?: boolean;
  detect: DetectRule;
}

/** A saved API answer that holds a page of rows under a list. */
export interface PageRule {
  /** The rows of a page, or undefined for a line that is not a page. */
  items(value: Obj): unknown[] | undefined;
  /** An empty page that still says it is this source's: claimed as one line, so it reads as zero records. */
  claimsEmpty?(page: Obj): boolean;
  /** Pages are also saved one per line: detection counts a page among the lines by its first row. */
  linesOfPages?: boolean;
}

/** Lines (or CSV rows) that are each one row of the source. */
export interface RowSpec extends CommonSpec {
  /** A line of this format: what detection counts, and (with `unrecognized`) what is read. */
  recognize?: (row: Obj) => boolean;
  /** The skip reason for a line `recognize` rejects; without it every object is read. */
  unrecognized?: string;
  /**
   * A line may be a saved API page of rows: its rows are read, numbered as the items of its list (the page
   * is one document), and detection judges a sample of one page by its rows.
   */
  pages?: PageRule;
  // Absent here, present in the other kinds of spec: they tell the kinds apart.
  envelope?: undefined;
  buckets?: undefined;
  read(row: Obj): LineOutcome;
}

/** What a logging wrapper around a provider's response object means for the lines that hold none. */
export interface EnvelopeRule {
  /** What a line without the object comes to: a logged API error (skipped or failed), or nothing to bill. */
  missing(line: Obj): LineOutcome;
  /** The skip reason for a record that neither the object nor its envelope gives a time. */
  noTimestamp: string;
  /** The logger keeps the request beside the response: its prompt is fingerprinted (not stored). */
  prompt?: boolean;
}

/** Lines that hold a provider's response object, bare or inside a logging envelope (envelope.ts). */
export interface EnvelopeSpec extends CommonSpec {
  /** The provider object, wherever the envelope puts it; detection counts the lines that hold one. */
  recognize: (o: Obj) => boolean;
  envelope: EnvelopeRule;
  buckets?: undefined;
  /** `holder` is the envelope the object was found in (undefined for a bare object); `env` is what it says. */
  read(inner: Obj, env: Envelope, holder: Obj | undefined): LineOutcome;
}

/** Lines that are pages (or bare buckets) of a paged usage or cost report: each result is read on its own. */
export interface BucketSpec extends CommonSpec {
  buckets: PageShape;
  envelope?: undefined;
  read: ResultReader;
}

export type LineAdapterSpec = RowSpec | EnvelopeSpec | BucketSpec;

/** The skip reason for a line that is not an object: a CSV row always is one, so only CSV-only formats say so. */
function notObjectReason(containers: FormatAdapter['containers']): string {
  return containers.every((c) => c === 'csv') ? 'not a CSV row' : 'not a JSON object';
}

/** The "most sampled lines match" rule: `perLine` points for each value `matches` accepts, when at least half do. */
function scoreValues(values: readonly unknown[], matches: (v: Obj) => boolean, perLine: number): number {
  let hits = 0;
  for (const v of values) if (isObj(v) && matches(v)) hits++;
  // Most lines must fit: a file that only mentions such objects now and then is not this format.
  return hits > 0 && hits * 2 >= values.length ? hits * perLine : 0;
}

/** `scoreValues` over a sample's JSON values (a CSV sample scores 0). */
export function matchScore(sample: DetectSample, matches: (v: Obj) => boolean, perLine: number): number {
  return sample.container === 'csv' ? 0 : scoreValues(sample.values, matches, perLine);
}

/** Accepts a line that holds an object `holds` accepts, bare or inside a logging envelope. */
export function inEnvelope(holds: (o: Obj) => boolean): (line: Obj) => boolean {
  return (line) => unwrap(line, holds) !== undefined;
}

function pagedScore(sample: DetectSample, pages: PageRule, recognize: (row: Obj) => boolean, perLine: number): number {
  if (sample.container === 'csv') return 0;
  const only = sample.values.length === 1 && isObj(sample.values[0]) ? sample.values[0] : undefined;
  const rows = only && pages.items(only);
  if (only && rows && rows.length === 0 && pages.claimsEmpty?.(only)) return perLine;
  const values = rows && rows.length > 0 ? rows.slice(0, SAMPLE_LINES) : sample.values;
  return scoreValues(values, pages.linesOfPages ? (v) => recognize(v) || firstRowRecognized(v, pages, recognize) : recognize, perLine);
}

function firstRowRecognized(value: Obj, pages: PageRule, recognize: (row: Obj) => boolean): boolean {
  const first = pages.items(value)?.[0];
  return isObj(first) && recognize(first);
}

function detector(spec: LineAdapterSpec): (sample: DetectSample) => number {
  const rule = spec.detect;
  const score =
    typeof rule === 'function'
      ? rule
      : typeof rule === 'object'
        ? (sample: DetectSample) => (sample.container === 'csv' ? rule.header(sample.header) : 0)
        : lineScore(spec, rule);
  // Detection asks only the adapters of a sample's container; any other sample is not this format either.
  return (sample) => (spec.containers.includes(sample.container) ? score(sample) : 0);
}

function lineScore(spec: LineAdapterSpec, perLine: number): (sample: DetectSample) => number {
  if (spec.buckets !== undefined || !spec.recognize) throw new Error(`${spec.name}: a score per line needs \`recognize\``);
  const recognize = spec.recognize;
  if (spec.envelope !== undefined) {
    const holds = inEnvelope(recognize);
    return (sample) => matchScore(sample, holds, perLine);
  }
  const pages = spec.pages;
  return pages ? (sample) => pagedScore(sample, pages, recognize, perLine) : (sample) => matchScore(sample, recognize, perLine);
}

function rowParser(spec: RowSpec, sink: RecordSink, notObject: string): RecordParser {
  const { recognize, unrecognized, pages, read } = spec;
  const readRow = (value: unknown, line: number): void => {
    if (!isObj(value)) {
      sink.skip(line, notObject);
      return;
    }
    if (unrecognized !== undefined && recognize && !recognize(value)) {
      sink.skip(line, unrecognized);
      return;
    }
    try {
      deliver(read(value), line, sink);
    } catch (err) {
      sink.skip(line, skipReason(err));
    }
  };
  return {
    push(value, line) {
      const rows = pages && isObj(value) ? pages.items(value) : undefined;
      if (!rows) {
        readRow(value, line);
        return;
      }
      // A saved API page is one document: its rows are numbered as the items of its list.
      for (let i = 0; i < rows.length; i++) readRow(rows[i], i + 1);
    },
    finish() {},
  };
}

function envelopeParser(spec: EnvelopeSpec, sink: RecordSink, notObject: string): RecordParser {
  const { recognize, envelope, read } = spec;
  return {
    push(value, line) {
      if (!isObj(value)) {
        sink.skip(line, notObject);
        return;
      }
      const found = unwrap(value, recognize);
      if (!found) {
        deliver(envelope.missing(value), line, sink);
        return;
      }
      try {
        const outcome = read(found.inner, readEnvelope(found.envelope), found.envelope);
        if (typeof outcome === 'object' && !(outcome instanceof Failed)) {
          if (!outcome.ts) {
            sink.skip(line, envelope.noTimestamp);
            return;
          }
          if (envelope.prompt) {
            outcome.prompt ??= promptOfEnvelope(found.envelope) ?? null;
            // The response object is the answer to that prompt: its fingerprint is compared on semantic-cache hits.
            if (outcome.prompt) outcome.response ??= responseText(found.inner) ?? null;
          }
        }
        deliver(outcome, line, sink);
      } catch (err) {
        sink.skip(line, skipReason(err));
      }
    },
    finish() {},
  };
}

function bucketParser(spec: BucketSpec, sink: RecordSink, notObject: string): RecordParser {
  const { buckets, read } = spec;
  return {
    push(value, line) {
      if (isObj(value)) readBucketPage(value, line, sink, buckets, read);
      else sink.skip(line, notObject);
    },
    finish() {},
  };
}

/** A format adapter from what is specific to one source whose lines are each read on their own. */
export function defineLineAdapter(spec: LineAdapterSpec): FormatAdapter {
  const notObject = notObjectReason(spec.containers);
  const open = (sink: RecordSink): RecordParser => {
    if (spec.envelope !== undefined) return envelopeParser(spec, sink, notObject);
    if (spec.buckets !== undefined) return bucketParser(spec, sink, notObject);
    return rowParser(spec, sink, notObject);
  };
  return {
    name: spec.name,
    description: spec.description,
    containers: spec.containers,
    ...(spec.revised ? { revised: true } : {}),
    detect: detector(spec),
    open,
  };
}

/**
 * The envelope rule of API response logs (OpenAI, Anthropic): a line without the object is a logged API
 * error or not this format, and the logger may keep the request beside the response.
 */
export function loggedResponses(what: string): EnvelopeRule {
  return {
    missing(line) {
      const error = loggedError(line, ['type', 'code']);
      return error ? `API error response without usage (${error})` : `no ${what} found (bare, or under "response"/"body")`;
    },
    noTimestamp: 'no timestamp: the object has none and no envelope field (timestamp, ts, created_at, logged_at) gives one',
    prompt: true,
  };
}
