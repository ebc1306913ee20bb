import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/commands/progress.js';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  const stream = { isTTY, columns: 80, write: (s: string) => writes.push(s) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, writes };
}

describe('ingest progress', () => {
  it('is silent when stderr is not a terminal', () => {
    const { stream, writes } = fakeStream(false);
    const p = createProgress(stream);
    p.onFile(0, 1);
    p.onProgress('a.jsonl', 10, 100, 5);
    p.done();
    expect(writes).toEqual([]);
  });

  it('shows file, percent, bytes and records/s at most every 100 ms, and erases itself', () => {
    const { stream, writes } = fakeStream(true);
    let t = 1_000;
    const p = createProgress(stream, () => t);
    p.onFile(1, 3);
    t = 3_000;
    // 2 s after the file started: 50,000 records → 25,000 records/s; 5 MiB of 20 MiB = 25%.
    p.onProgress('logs/a.jsonl', 5 * 1048576, 20 * 1048576, 50_000);
    t = 3_050;
    p.onProgress('logs/a.jsonl', 6 * 1048576, 20 * 1048576, 60_000);
    p.done();
    expect(writes).toHaveLength(2);
    expect(writes[0]).toBe('\r[2/3] logs/a.jsonl 25% 5.0 MB/20 MB 25,000 records/s');
    expect(writes[1]).toBe(`\r${' '.repeat(writes[0]!.length - 1)}\r`);
  });
});
