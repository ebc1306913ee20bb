import { termText } from '../report/escape.js';

/**
 * A one-line progress display on stderr (bytes read, records/s), only when stderr is a terminal: piped or
 * redirected runs stay silent. Redrawn at most ten times a second and erased when done.
 */
export interface IngestProgress {
  onFile(index: number, count: number): void;
  onProgress(file: string, bytesRead: number, size: number, records: number): void;
  done(): void;
}

const SILENT: IngestProgress = { onFile() {}, onProgress() {}, done() {} };

function mb(bytes: number): string {
  return `${(bytes / 1048576).toFixed(bytes < 10 * 1048576 ? 1 : 0)} MB`;
}

export function createProgress(stream: NodeJS.WriteStream = process.stderr, now: () => number = Date.now): IngestProgress {
  // LLMCOST_PROGRESS=1 draws it even when stderr is not a terminal (logs, and the fault tests).
  if ((!stream.isTTY && process.env['LLMCOST_PROGRESS'] !== '1') || process.env['LLMCOST_NO_PROGRESS']) return SILENT;
  let fileIndex = 0;
  let fileCount = 0;
  let lastDraw = 0;
  let drawn = false;
  let fileStart = now();
  let width = 0;
  const draw = (text: string) => {
    const columns = stream.columns || 80;
    const line = text.length >= columns ? text.slice(0, columns - 1) : text;
    stream.write(`\r${line}${' '.repeat(Math.max(0, width - line.length))}`);
    width = line.length;
    drawn = true;
  };
  return {
    onFile(index, count) {
      fileIndex = index;
      fileCount = count;
      fileStart = now();
    },
    onProgress(file, bytesRead, size, records) {
      const t = now();
      if (t - lastDraw < 100) return;
      lastDraw = t;
      const seconds = Math.max(0.001, (t - fileStart) / 1000);
      const pct = size > 0 ? Math.min(100, Math.floor((bytesRead / size) * 100)) : 100;
      const which = fileCount > 1 ? `[${fileIndex + 1}/${fileCount}] ` : '';
      // A file name is whatever whoever named the file chose: shown with its control characters visible.
      const safe = termText(file);
      const name = safe.length > 30 ? `…${safe.slice(-29)}` : safe;
      draw(`${which}${name} ${pct}% ${mb(bytesRead)}/${mb(size)} ${Math.round(records / seconds).toLocaleString('en-US')} records/s`);
    },
    done() {
      if (drawn) stream.write(`\r${' '.repeat(width)}\r`);
      drawn = false;
      width = 0;
    },
  };
}
