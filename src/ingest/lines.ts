import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const CHUNK = 1 << 20;
/**
 * A line longer than this is not held (a JavaScript string cannot hold much more than 512 Mi characters, and
 * no usage record is near this size): it is reported to `onLongLine` and passed over.
 */
export const MAX_LINE_BYTES = 256 * (1 << 20);
const NEWLINE = 0x0a;
const CR = 0x0d;

/**
 * Calls `onLine` for every line of a file, 1-based, without the line ending (LF or CRLF) and without a
 * leading UTF-8 BOM. Reads 1 MiB at a time, so memory holds one chunk plus the longest line. Returns
 * the number of bytes read. `onChunk` gets each raw chunk (valid only during the call) and the running byte
 * count, for hashing and progress reporting.
 */
export async function forEachLine(
  path: string,
  onLine: (text: string, line: number) => void,
  onChunk?: (bytesRead: number, chunk: Buffer) => void,
  onLongLine?: (line: number) => void,
): Promise<number> {
  const fd = openSync(path, 'r');
  // A small file gets a buffer its size (one more byte sees its end in the same read): a run over thousands of
  // session files would otherwise allocate, and collect, a MiB for each.
  const buf = Buffer.allocUnsafe(Math.min(CHUNK, fstatSync(fd).size + 1));
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let line = 0;
  let total = 0;
  let first = true;
  /** The line being read is past MAX_LINE_BYTES: its bytes are dropped until it ends. */
  let oversized = false;
  const endLong = () => {
    oversized = false;
    pending = [];
    pendingBytes = 0;
    first = false;
    onLongLine?.(++line);
  };
  const emit = (b: Buffer, start: number, end: number) => {
    if (end > start && b[end - 1] === CR) end--;
    if (first) {
      first = false;
      if (end - start >= 3 && b[start] === 0xef && b[start + 1] === 0xbb && b[start + 2] === 0xbf) start += 3;
    }
    onLine(b.toString('utf8', start, end), ++line);
  };
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      total += n;
      let start = 0;
      let nl = buf.indexOf(NEWLINE, 0);
      while (nl !== -1 && nl < n) {
        if (oversized || pendingBytes + (nl - start) > MAX_LINE_BYTES) {
          endLong();
        } else if (pendingBytes > 0) {
          pending.push(buf.subarray(start, nl));
          const joined = Buffer.concat(pending);
          pending = [];
          pendingBytes = 0;
          emit(joined, 0, joined.length);
        } else {
          emit(buf, start, nl);
        }
        start = nl + 1;
        nl = buf.indexOf(NEWLINE, start);
      }
      if (start < n && !oversized) {
        if (pendingBytes + (n - start) > MAX_LINE_BYTES) {
          oversized = true;
          pending = [];
          pendingBytes = 0;
        } else {
          // The rest of the chunk belongs to a line that continues in the next one: copy it out of the reused buffer.
          pending.push(Buffer.from(buf.subarray(start, n)));
          pendingBytes += n - start;
        }
      }
      onChunk?.(total, buf.subarray(0, n));
      // Let signals (Ctrl-C) and timers run between chunks: one turn of the event loop per MiB costs nothing.
      await new Promise<void>((r) => setImmediate(r));
    }
    if (oversized) endLong();
    else if (pendingBytes > 0) {
      const joined = Buffer.concat(pending);
      emit(joined, 0, joined.length);
    }
  } finally {
    closeSync(fd);
  }
  return total;
}

/** Reads up to `maxBytes` from the start of a file (for detection). */
export function readHead(path: string, maxBytes: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(maxBytes);
    const n = readSync(fd, buf, 0, maxBytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}
