import { describe, expect, it } from 'vitest';
import { getCounter } from '../../../src/tokens/count.js';
import { buildTokensDoc, type ReadPromptFile } from '../../../src/tokens/document.js';
import { promptOf } from '../../../src/tokens/measure.js';
import type { PromptModel } from '../../../src/tokens/models.js';

// A made-up model at $1 input / $2 output per 1M tokens, counted exactly with o200k_base.
const model: PromptModel = { id: 'm', provider: 'p', encoding: 'o200k_base', estimate: false, inputPerMillion: 1, outputPerMillion: 2 };

describe('buildTokensDoc reads one file at a time', () => {
  it('counts each file before it asks for the next, and keeps no text', async () => {
    const o200k = await getCounter('o200k_base');
    const counted: string[] = [];
    const counters = new Map([
      [
        'o200k_base' as const,
        (text: string) => {
          counted.push(text);
          return o200k(text);
        },
      ],
    ]);
    const files = 1000;
    // Each file's text: a marker no row could hold by chance, " word" repeated i % 7 + 1 times.
    const text = (i: number) => `MARKER${i}${' word'.repeat((i % 7) + 1)}`;
    let read = 0;
    function* reader(): Generator<ReadPromptFile> {
      for (let i = 0; i < files; i++) {
        // The file before this one has been counted already: at most one file is read and not yet counted.
        expect(counted.length).toBe(i);
        read++;
        yield { path: `f${i}.txt`, prompt: i === 500 ? null : promptOf(text(i)) };
        if (i === 500) counted.push('(binary: nothing to count)');
      }
    }
    const doc = buildTokensDoc(reader(), counters, { models: [model], outputTokens: 0, callsPerDay: 1 });
    expect(read).toBe(files);
    expect(doc.files).toHaveLength(files - 1);
    expect(doc.skipped).toEqual(['f500.txt']);
    // No text is kept: no row holds a marker.
    expect(JSON.stringify(doc)).not.toMatch(/MARKER/);
    // Each " word" is one o200k_base token (a space-led common word), added to the marker's own count:
    // file 0 has one of them, file 6 seven. (A document that read every file before counting fails above.)
    expect(doc.files[0]!.tokens.o200k_base).toBe(o200k('MARKER0') + 1);
    expect(doc.files[6]!.tokens.o200k_base).toBe(o200k('MARKER6') + 7);
    expect(doc.total.files).toBe(files - 1);
    expect(doc.total.tokens.o200k_base).toBe(doc.files.reduce((n, f) => n + (f.tokens.o200k_base ?? 0), 0));
  });
});
