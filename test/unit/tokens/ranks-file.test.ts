import { readFileSync } from 'node:fs';
import cl100k from 'js-tiktoken/ranks/cl100k_base';
import o200k from 'js-tiktoken/ranks/o200k_base';
import { describe, expect, it } from 'vitest';
import { decodeRanksFile, encodeRanksFile, parseRanks } from '../../../src/tokens/bpe.js';
import { ranksFileUrl } from '../../../src/tokens/count.js';

describe('the compact ranks file', () => {
  for (const [name, file] of [
    ['o200k_base', o200k],
    ['cl100k_base', cl100k],
  ] as const) {
    it(`${name}: the file the build wrote holds js-tiktoken's pattern and ranks`, () => {
      // Built by `npm run build` (scripts/copy-assets.mjs); the tests run after it.
      const compact = decodeRanksFile(readFileSync(ranksFileUrl(name)));
      expect(compact).not.toBeNull();
      const parsed = parseRanks(file);
      expect(compact!.pattern).toBe(file.pat_str);
      expect(compact!.ranks.size).toBe(parsed.size);
      expect(Buffer.from(compact!.ranks.starts.buffer, compact!.ranks.starts.byteOffset, compact!.ranks.starts.byteLength)).toEqual(
        Buffer.from(parsed.starts.buffer, parsed.starts.byteOffset, parsed.starts.byteLength),
      );
      expect(Buffer.from(compact!.ranks.bytes)).toEqual(Buffer.from(parsed.bytes));
      // Tokens of js-tiktoken's first line: rank 0 is "!" and rank 1 is '"' in both encodings (the printable bytes come first).
      expect(compact!.ranks.rank('!', 0, 1)).toBe(0);
      expect(compact!.ranks.rank('x"', 1, 2)).toBe(1);
      // "hello" is one token in both, so it has a rank; five bytes no token holds have none.
      expect(compact!.ranks.rank('hello', 0, 5)).toBeGreaterThan(0);
      expect(compact!.ranks.rank('\u00ff\u00fe\u00ff\u00fe\u00ff', 0, 5)).toBe(-1);
    });
  }

  it('refuses bytes that are not a ranks file of this version, and a truncated one', () => {
    const good = Buffer.from(encodeRanksFile('a', parseRanks({ pat_str: 'a', bpe_ranks: '! 0 IQ== Ig==\n' })));
    expect(decodeRanksFile(good)?.ranks.rank('"', 0, 1)).toBe(1);
    expect(decodeRanksFile(Buffer.from('LLMCOST-RANKS-1\nxxxxxxxx'))).toBeNull();
    expect(decodeRanksFile(good.subarray(0, good.length - 1))).toBeNull();
  });
});
