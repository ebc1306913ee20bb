/**
 * Where JSON.parse gave up, told in our own words. The engine's message is not shown: its wording changes
 * between Node.js releases, and it can quote the input (a key, a prompt) into stderr and the skipped list.
 */
export interface JsonErrorPlace {
  /** 1-based line and column of the first character JSON.parse could not read. */
  line: number;
  column: number;
  /** True when the text ends before the value is complete (a cut-off or half-written line). */
  truncated: boolean;
}

export function jsonErrorPlace(err: unknown, text: string): JsonErrorPlace {
  const message = err instanceof Error ? err.message : '';
  const m = /position (\d+)/.exec(message);
  const position = m ? Math.min(Number(m[1]), text.length) : text.length;
  const truncated = !m || position >= text.length || /end of (JSON )?(input|data)/i.test(message);
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < position; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: position - lineStart + 1, truncated };
}

/** "cut off before the value ends" or "unreadable at column 87": for a message that already names the line. */
export function describeJsonError(place: JsonErrorPlace): string {
  return place.truncated ? 'cut off before the value ends' : `unreadable at column ${place.column}`;
}
