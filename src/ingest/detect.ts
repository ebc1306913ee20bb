import { parse as parseCsvSync } from 'csv-parse/sync';
import { UnrecognizedFormatError, UnreadableFileError, UserError } from '../util/errors.js';
import { SAMPLE_LINES, type DetectSample, type FormatAdapter } from './adapter.js';
import { ADAPTERS, adapterByName } from './formats/index.js';
import { readHead } from './lines.js';
import { plainLabel } from './fields.js';

const HEAD_BYTES = 256 * 1024;
const MAX_HEAD_BYTES = 64 * 1024 * 1024;

export type Container = DetectSample['container'] | 'empty';

/** Which container a file is, judged from its first bytes: JSON lines, one JSON document, or CSV. */
export function sniffContainer(head: string, tooLargeForDocument = false): Container {
  const text = head.replace(/^\uFEFF/, '');
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const firstLine = lines[0];
  if (firstLine === undefined) return 'empty';
  const c = firstLine.trimStart()[0];
  if (c === '{' || c === '[') {
    try {
      const v = JSON.parse(firstLine);
      return Array.isArray(v) ? 'json' : 'jsonl';
    } catch {
      // A first line that is not JSON on its own: a pretty-printed document, unless later lines are whole
      // JSON values (JSON lines with a broken first line), or the file is too large to be read whole.
      const later = lines.slice(1, SAMPLE_LINES);
      const whole = later.filter((l) => {
        try {
          JSON.parse(l);
          return l.trimStart().startsWith('{');
        } catch {
          return false;
        }
      }).length;
      // Most later lines whole (a pretty-printed array has at most its last element on one line).
      return (later.length > 0 && whole * 2 > later.length) || tooLargeForDocument ? 'jsonl' : 'json';
    }
  }
  return 'csv';
}

/** Parses up to SAMPLE_LINES lines of the head as JSON; lines cut off by the head's end are left out. */
function jsonlSample(head: string): unknown[] {
  const values: unknown[] = [];
  for (const line of head.replace(/^\uFEFF/, '').split('\n')) {
    if (values.length >= SAMPLE_LINES) break;
    if (line.trim() === '') continue;
    try {
      values.push(JSON.parse(line));
    } catch {
      values.push(undefined);
    }
  }
  return values;
}

export function csvHeader(head: string): string[] {
  const firstLine = head.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
  try {
    const rows = parseCsvSync(firstLine, { relax_quotes: true }) as string[][];
    return rows[0] ?? [];
  } catch {
    return [];
  }
}

/** Values of a whole JSON document: the items of a top-level array, or the object itself. */
export function documentValues(doc: unknown): unknown[] {
  return Array.isArray(doc) ? doc : [doc];
}

export function sampleFor(container: DetectSample['container'], head: string, doc?: unknown): DetectSample {
  if (container === 'jsonl') return { container, values: jsonlSample(head) };
  if (container === 'json') return { container, values: documentValues(doc).slice(0, SAMPLE_LINES) };
  return { container, header: csvHeader(head) };
}

/** Picks the adapter that recognizes the sample best, or explains what was looked for. */
export function chooseAdapter(sample: DetectSample, file: string): FormatAdapter {
  let best: FormatAdapter | undefined;
  let bestScore = 0;
  for (const a of ADAPTERS) {
    if (!a.containers.includes(sample.container)) continue;
    const score = a.detect(sample);
    if (score > bestScore) {
      best = a;
      bestScore = score;
    }
  }
  if (best) return best;
  const what =
    sample.container === 'csv'
      ? `a CSV whose header (${sample.header
          .slice(0, 6)
          .map((h) => plainLabel(h) ?? '…')
          .join(', ')}) matches no known export`
      : sample.container === 'jsonl'
        ? 'JSON lines that match no known usage format'
        : 'a JSON document that matches no known usage format';
  const looked = ADAPTERS.filter((a) => a.containers.includes(sample.container))
    .map((a) => a.name)
    .join(', ');
  throw new UnrecognizedFormatError(
    `${file}: unrecognized format: found ${what}; looked for ${looked}. Force one with --input-format NAME (llmcost ingest --help lists them).`,
  );
}

export function forcedAdapter(name: string): FormatAdapter {
  const a = adapterByName(name);
  if (!a) throw new UserError(`Unknown format "${name}": use one of ${ADAPTERS.map((x) => x.name).join(', ')}.`);
  return a;
}

/** Compressed and binary files are refused with what to do, rather than read as garbage lines. */
export function assertText(path: string, head: Buffer): void {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    throw new UnreadableFileError(`${path} is gzip-compressed: decompress it first (gunzip -k ${path}) and ingest the result.`);
  }
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    throw new UnreadableFileError(`${path} is a zip archive: extract it first and ingest the files inside.`);
  }
  const sample = head.subarray(0, 4096);
  const encoding = wideEncoding(sample);
  if (encoding) {
    throw new UnreadableFileError(
      `${path} is ${encoding} text, which llmcost does not read: convert it to UTF-8 (iconv -f ${encoding} -t UTF-8 ${path} > usage-utf8.${path.split('.').pop()}) and ingest the result.`,
    );
  }
  if (sample.includes(0)) throw new UnreadableFileError(`${path} is a binary file, not usage text: pass the JSON-lines, JSON or CSV file instead.`);
}

/** UTF-32 or UTF-16 (by byte-order mark, or by the zero bytes ASCII text has in them), or undefined. */
function wideEncoding(b: Buffer): string | undefined {
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) return 'UTF-32LE';
  if (b.length >= 4 && b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return 'UTF-32BE';
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return 'UTF-16LE';
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return 'UTF-16BE';
  // Without a mark: ASCII characters in UTF-16 leave every other byte zero ("{\0"\0" or "\0{\0\"").
  if (b.length >= 8) {
    let evenZero = 0;
    let oddZero = 0;
    const n = b.length - (b.length % 2);
    for (let i = 0; i < n; i += 2) {
      if (b[i] === 0) evenZero++;
      if (b[i + 1] === 0) oddZero++;
    }
    if (oddZero > 0.9 * (n / 2) && evenZero === 0) return 'UTF-16LE';
    if (evenZero > 0.9 * (n / 2) && oddZero === 0) return 'UTF-16BE';
  }
  return undefined;
}

/**
 * The start of a file for detection, cut after its last complete line. A first line longer than the usual
 * head (one JSON object of many megabytes) is read whole, up to MAX_HEAD_BYTES.
 */
export function readDetectHead(path: string): string {
  let limit = HEAD_BYTES;
  for (;;) {
    const head = readHead(path, limit);
    if (limit === HEAD_BYTES) assertText(path, head);
    const lastNewline = head.lastIndexOf(0x0a);
    if (head.length < limit) return head.toString('utf8');
    if (lastNewline >= 0) return head.subarray(0, lastNewline + 1).toString('utf8');
    if (limit >= MAX_HEAD_BYTES) return head.toString('utf8');
    limit *= 4;
  }
}
