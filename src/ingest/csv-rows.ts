import { createReadStream, closeSync, openSync, readSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse';

/**
 * Reads a CSV file's rows keyed by its header, with each row's line number. A row the CSV grammar cannot read
 * (a quote that is never closed, a stray quote) costs that row only: it is reported to `onBadRow` and reading
 * goes on from the next line, with the same header. `onChunk` gets the bytes read, for progress and hashing.
 */
export async function forEachCsvRow(
  path: string,
  onRow: (row: Record<string, string>, line: number) => void,
  onBadRow: (line: number, reason: string) => void,
  onChunk?: (bytesRead: number, chunk: Buffer) => void,
): Promise<void> {
  let header: string[] | undefined;
  let offset = 0;
  let lineBase = 0;
  let bytesRead = 0;
  for (;;) {
    const stream = createReadStream(path, { start: offset });
    if (onChunk) {
      stream.on('data', (chunk) => {
        bytesRead += chunk.length;
        onChunk(bytesRead, chunk as Buffer);
      });
    }
    // The header is read once; after a bad row, parsing starts again past it with the header given.
    const columns = header ?? ((first: string[]) => (header = first.map((h) => h.trim())));
    const csv = stream.pipe(parseCsv({ columns, bom: offset === 0, skip_empty_lines: true, relax_column_count: true, info: true, trim: true }));
    let lastLine = lineBase + (offset === 0 ? 1 : 0);
    try {
      // Records are taken as they are parsed ('data' events), so those before a bad row in the same chunk are kept.
      await new Promise<void>((resolve, reject) => {
        csv.on('data', (item: { record: Record<string, string>; info: { lines: number } }) => {
          lastLine = lineBase + item.info.lines;
          onRow(item.record, lastLine);
        });
        csv.on('end', resolve);
        csv.on('error', reject);
        stream.on('error', reject);
      });
      return;
    } catch (err) {
      stream.destroy();
      const code = (err as { code?: string }).code ?? '';
      if (!code.startsWith('CSV_')) throw err;
      const bad = lastLine + 1;
      onBadRow(
        bad,
        code === 'CSV_QUOTE_NOT_CLOSED'
          ? 'a quoted field opened on this row is never closed: the row was skipped, reading goes on at the next line'
          : `the row is not valid CSV (${code}): skipped, reading goes on at the next line`,
      );
      // Go on at the line after the bad row's first line (physical lines, as the row numbers count them).
      const next = lineStart(path, bad + 1);
      if (next === undefined) return;
      bytesRead = next;
      offset = next;
      lineBase = bad;
    }
  }
}

/** The byte offset where 1-based physical line `line` starts, or undefined past the end of the file. */
function lineStart(path: string, line: number): number | undefined {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let seen = 1;
    for (let at = 0; ; ) {
      const n = readSync(fd, buf, 0, buf.length, at);
      if (n === 0) return undefined;
      for (let i = buf.indexOf(0x0a, 0); i !== -1 && i < n; i = buf.indexOf(0x0a, i + 1)) {
        if (++seen === line) return at + i + 1;
      }
      at += n;
    }
  } finally {
    closeSync(fd);
  }
}
