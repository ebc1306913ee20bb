import { describe, expect, it } from 'vitest';
import { firstChangedLine } from '../../../src/check/diff.js';
import { judge, worst } from '../../../src/check/levels.js';
import { ghData as escapeData, ghProperty as escapeProperty, xmlAttr, xmlText } from '../../../src/report/escape.js';

const amount = (value: number) => ({ value, percent: false });
const percent = (value: number) => ({ value, percent: true });

describe('judge', () => {
  it('breaks a level only above it, fail before warn', () => {
    const levels = { warn: amount(100), fail: amount(150) };
    expect(judge(levels, 100).status).toBe('pass');
    expect(judge(levels, 100.01)).toEqual({ status: 'warn', broke: 100, overBy: 1.0001 });
    expect(judge(levels, 300)).toEqual({ status: 'fail', broke: 150, overBy: 2 });
    expect(judge({ warn: null, fail: amount(0) }, 1)).toEqual({ status: 'fail', broke: 0, overBy: null });
  });

  it('compares percent levels with the percent change, which a new file does not have', () => {
    const levels = { warn: percent(10), fail: amount(500) };
    expect(judge(levels, 50, 12.5)).toEqual({ status: 'warn', broke: '10%', overBy: 1.25 });
    expect(judge(levels, 50, null).status).toBe('pass');
    expect(judge(levels, 501, null).status).toBe('fail');
  });

  it('ranks statuses', () => {
    expect(worst(['pass', 'skipped', 'warn'])).toBe('warn');
    expect(worst(['skipped'])).toBe('pass');
    expect(worst(['warn', 'fail', 'pass'])).toBe('fail');
  });
});

describe('firstChangedLine', () => {
  it('finds the first differing line, or the last remaining one when only a tail was removed', () => {
    expect(firstChangedLine('a\nb\nc\n', 'a\nB\nc\n')).toBe(2);
    expect(firstChangedLine('a\nb\n', 'a\nb\nc\n')).toBe(3);
    expect(firstChangedLine('a\nb\nc\n', 'a\n')).toBe(2);
    expect(firstChangedLine('same', 'same')).toBeNull();
  });
});

describe('escaping', () => {
  it('escapes GitHub workflow commands as the Actions toolkit does', () => {
    expect(escapeData('100% a:b,c\r\nd')).toBe('100%25 a:b,c%0D%0Ad');
    expect(escapeProperty('100% a:b,c\r\nd')).toBe('100%25 a%3Ab%2Cc%0D%0Ad');
  });

  it('escapes XML text and attributes, dropping characters XML cannot hold', () => {
    expect(xmlText('a < b & c > d\u0001')).toBe('a &lt; b &amp; c &gt; d');
    expect(xmlAttr('"x"\n\ty')).toBe('&quot;x&quot;&#10;&#9;y');
  });
});
