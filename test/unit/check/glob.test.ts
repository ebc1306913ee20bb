import { describe, expect, it } from 'vitest';
import { globToRegExp, staticBase } from '../../../src/util/glob.js';

describe('globToRegExp', () => {
  const cases: [string, string[], string[]][] = [
    ['/r/prompts/*.txt', ['/r/prompts/a.txt', '/r/prompts/.b.txt'], ['/r/prompts/sub/a.txt', '/r/prompts/a.md', '/r/prompts.txt']],
    ['/r/prompts/**/*.txt', ['/r/prompts/a.txt', '/r/prompts/x/y/a.txt'], ['/r/prompt/a.txt', '/r/prompts/a.txtx']],
    ['/r/prompts/**', ['/r/prompts/a', '/r/prompts/x/y.md'], ['/r/other/a']],
    ['/r/p?.{txt,md}', ['/r/p1.txt', '/r/pa.md'], ['/r/p12.txt', '/r/p/.txt', '/r/p1.json']],
    ['/r/[ab]-[!0-9].txt', ['/r/a-x.txt', '/r/b-_.txt'], ['/r/c-x.txt', '/r/a-1.txt', '/r/a-/.txt']],
    ['/r/a.b+(c)$.txt', ['/r/a.b+(c)$.txt'], ['/r/aXb+(c)$.txt']],
    ['/r/{x/**/*.txt,y.md}', ['/r/x/a.txt', '/r/x/z/a.txt', '/r/y.md'], ['/r/y/a.txt']],
  ];
  for (const [glob, yes, no] of cases) {
    it(glob, () => {
      const re = globToRegExp(glob);
      for (const p of yes) expect(re.test(p), p).toBe(true);
      for (const p of no) expect(re.test(p), p).toBe(false);
    });
  }

  it('walks from the folders before the first wildcard', () => {
    expect(staticBase('/r/prompts/**/*.txt')).toBe('/r/prompts');
    expect(staticBase('/r/p*/a.txt')).toBe('/r');
    expect(staticBase('/r/prompts/a.txt')).toBe('/r/prompts/a.txt');
    expect(staticBase('/*.txt')).toBe('/');
  });
});
