import { describe, expect, it } from 'vitest';
import { diffWords, hunksOf } from '../../../src/prompt/diff.js';
import { rng } from './generate.js';

const side = (parts: { op: string; text: string }[], keep: string) =>
  parts
    .filter((p) => p.op === 'equal' || p.op === keep)
    .map((p) => p.text)
    .join('');

describe('word diff', () => {
  it('marks removed and added words', () => {
    const parts = diffWords('Please answer the question very carefully.\nBe brief.\n', 'Answer the question carefully.\nBe brief.\n');
    expect(parts).toEqual([
      { op: 'remove', text: 'Please answer ' },
      { op: 'add', text: 'Answer ' },
      { op: 'equal', text: 'the question' },
      { op: 'remove', text: ' very' },
      { op: 'equal', text: ' carefully.\nBe brief.\n' },
    ]);
    expect(hunksOf(parts)).toEqual([
      { line: 1, removed: 'Please answer ', added: 'Answer ' },
      { line: 1, removed: ' very', added: '' },
    ]);
  });

  it('rebuilds both texts from the parts (seeded random edits)', () => {
    const r = rng(7);
    const vocab = ['a', 'b', 'c', ' ', '\n', 'word', '.'];
    for (let t = 0; t < 200; t++) {
      const make = () => Array.from({ length: Math.floor(r() * 60) }, () => vocab[Math.floor(r() * vocab.length)]).join('');
      const a = make();
      const b = r() < 0.5 ? make() : a.replace(/a/g, () => (r() < 0.3 ? 'b' : 'a'));
      const parts = diffWords(a, b);
      expect(side(parts, 'remove')).toBe(a);
      expect(side(parts, 'add')).toBe(b);
    }
  });
});
