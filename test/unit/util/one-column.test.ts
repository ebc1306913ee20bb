import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { displayWidth, ONE_COLUMN_EACH } from '../../../src/util/numbers.js';

describe('the one-column fast path of displayWidth', () => {
  it('holds only characters string-width also measures as one column', () => {
    // Every code point of the BMP the pattern accepts alone, checked against string-width itself: where the two
    // disagreed, text measured by its length would be padded wrongly.
    let accepted = 0;
    for (let c = 0; c <= 0xffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const ch = String.fromCharCode(c);
      if (!ONE_COLUMN_EACH.test(ch)) continue;
      accepted++;
      expect(stringWidth(ch), `U+${c.toString(16)}`).toBe(1);
    }
    // The ranges of the pattern: 95 ASCII + 13 + 594 Latin + 24 + 47 punctuation + 33 currency + 112 arrows + 256 operators + 160 box and blocks.
    expect(accepted).toBe(95 + 13 + 594 + 24 + 47 + 33 + 112 + 256 + 160);
  });

  it('leaves what is not one column each to string-width', () => {
    // U+00AD SOFT HYPHEN takes no column; an escape sequence none; a wide character two.
    for (const s of ['a\u00adb', '\u001b[31mred\u001b[39m', '中', 'e\u0301', '\t']) expect(ONE_COLUMN_EACH.test(s), JSON.stringify(s)).toBe(false);
    expect(displayWidth('a\u00adb')).toBe(2);
    expect(displayWidth('\u001b[31mred\u001b[39m')).toBe(3);
    expect(displayWidth('≈ $0.75 × 30 → ▁▂▃')).toBe(18);
  });
});
