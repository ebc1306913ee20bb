import { describe, expect, it } from 'vitest';
import { outputWidth } from '../../../src/commands/kit.js';
import { columns, cut, cutDistinct, cutLevels, displayWidth, padEnd, padStart, wrap } from '../../../src/util/numbers.js';

/** No half of a surrogate pair left alone. */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('display width', () => {
  it('counts East Asian wide characters and emoji as two columns, combining marks as none', () => {
    expect(displayWidth('gpt-4o')).toBe(6);
    expect(displayWidth('中文模型')).toBe(8);
    expect(displayWidth('🚀')).toBe(2);
    // A woman and a laptop joined by a zero-width joiner: one emoji of two columns.
    expect(displayWidth('👩\u200d💻')).toBe(2);
    // "é" written as e + U+0301 COMBINING ACUTE ACCENT.
    expect(displayWidth('cafe\u0301')).toBe(4);
  });

  it('pads to columns, not code units', () => {
    expect(padEnd('中文', 6)).toBe('中文  ');
    expect(padStart('🚀', 4)).toBe('  🚀');
    expect(padEnd('cafe\u0301', 5)).toBe('cafe\u0301 ');
  });

  it('cuts to columns with an ellipsis, never splitting a wide character, a surrogate pair, an emoji sequence or an accent', () => {
    // 5 columns: two wide characters (4) and the ellipsis (1).
    expect(cut('中文模型', 5)).toBe('中文…');
    // 6 columns: a third wide character would need 7 with the ellipsis, so the cut stays at 5.
    expect(cut('中文模型', 6)).toBe('中文…');
    expect(cut('中文模型', 8)).toBe('中文模型');
    expect(cut('ab🚀cd', 4)).toBe('ab…');
    expect(cut('ab🚀cd', 5)).toBe('ab🚀…');
    expect(cut('👩\u200d💻👩\u200d💻👩\u200d💻', 5)).toBe('👩\u200d💻👩\u200d💻…');
    expect(cut('cafe\u0301-latte', 5)).toBe('cafe\u0301…');
    for (const w of [1, 2, 3, 4, 5, 6]) {
      const s = cut('a🚀中👩\u200d💻e\u0301z', w);
      expect(displayWidth(s), s).toBeLessThanOrEqual(w);
      expect(s).not.toMatch(loneSurrogate);
    }
    expect(cut('claude-sonnet-4-5', Infinity)).toBe('claude-sonnet-4-5');
  });

  it('wraps at columns', () => {
    expect(wrap('中文 中文 中文', 9)).toEqual(['中文 中文', '中文']);
  });
});

describe('two-level keys', () => {
  it('cut each level and keep the separator, a short level whole', () => {
    // 30 columns: 27 for the two levels, 14 and 13.
    expect(cutLevels('claude-sonnet-4-5-20250929 / customer-support-chat', 30)).toBe('claude-sonnet… / customer-sup…');
    // 20 columns: "chat" (4) kept whole, the model gets the other 13.
    expect(cutLevels('claude-sonnet-4-5-20250929 / chat', 20)).toBe('claude-sonne… / chat');
    expect(displayWidth(cutLevels('中文模型名称 / 功能名称很长', 15))).toBeLessThanOrEqual(15);
    expect(cutLevels('中文模型名称 / 功能名称很长', 15)).toBe('中文… / 功能…');
  });

  it('keep a child row indented under its parent', () => {
    expect(cutLevels('  claude-sonnet-4-5-20250929', 12)).toBe('  claude-so…');
  });

  it('never render two different keys alike: the column widens until they differ', () => {
    const keys = ['gpt-4o-mini-2024-07-18 / a', 'gpt-4o-mini-2024-08-06 / a', 'gpt-4o-mini-2024-07-18 / a'];
    // At 15 columns both models would read "gpt-4o-min… / a"; they first differ at their 19th character,
    // which shows at 24 columns (19 characters, the ellipsis, " / a").
    expect(cutDistinct(keys, 15)).toEqual(['gpt-4o-mini-2024-07… / a', 'gpt-4o-mini-2024-08… / a', 'gpt-4o-mini-2024-07… / a']);
    const children = ['  model-with-a-long-name-alpha', '  model-with-a-long-name-beta'];
    expect(new Set(cutDistinct(children, 12)).size).toBe(2);
  });
});

describe('tables fit a width', () => {
  it('cut the name column to the width, in display columns, and keep the figures whole', () => {
    const rows = [
      ['claude-sonnet-4-5-20250929', '$1.00'],
      ['中文模型名称很长的模型', '$2.00'],
    ];
    // Natural width 2 + 26 + 2 + 5 = 35; at 24 the names get 15 columns.
    expect(columns(['', 'Cost'], rows, { indent: '  ', width: 24, shrink: [0] })).toEqual([
      `${' '.repeat(2 + 15 + 2 + 1)}Cost`,
      '  claude-sonnet-…  $1.00',
      '  中文模型名称很…  $2.00',
    ]);
    expect(columns(['', 'Cost'], rows, { indent: '  ', shrink: [0] })).toEqual([
      `${' '.repeat(2 + 26 + 2 + 1)}Cost`,
      '  claude-sonnet-4-5-20250929  $1.00',
      '  中文模型名称很长的模型      $2.00',
    ]);
  });
});

describe('output width', () => {
  it('is COLUMNS when set, else the terminal width, else none (piped: nothing cut)', () => {
    expect(outputWidth({ COLUMNS: '100' }, { isTTY: false })).toBe(100);
    expect(outputWidth({ COLUMNS: '100' }, { isTTY: true, columns: 120 })).toBe(100);
    expect(outputWidth({}, { isTTY: true, columns: 120 })).toBe(120);
    expect(outputWidth({}, { isTTY: false })).toBeUndefined();
    expect(outputWidth({ COLUMNS: 'wide' }, { isTTY: true, columns: 90 })).toBe(90);
    expect(outputWidth({ COLUMNS: '0' }, { isTTY: false })).toBeUndefined();
  });
});
