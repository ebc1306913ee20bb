import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../helpers/cli.js';

/** Packages reached from a built file through static imports (a dynamic import() is loaded only when it runs). */
function staticPackages(entry: string): Set<string> {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/gm)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
      else if (!spec.startsWith('node:')) packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  };
  visit(entry);
  return packages;
}

const dist = (...p: string[]) => join(ROOT, 'dist', ...p);

describe('start-up of the prompt commands', () => {
  it('tokens, and compress and compare in plain mode, load no Ink or React', () => {
    for (const entry of [
      dist('commands', 'tokens.js'),
      dist('report', 'prompt-tokens.js'),
      dist('commands', 'compress.js'),
      dist('prompt', 'compress-input.js'),
      dist('commands', 'compare.js'),
      dist('prompt', 'compare-input.js'),
      dist('report', 'prompt-compare.js'),
    ]) {
      const packages = staticPackages(entry);
      expect(
        [...packages].filter((p) => p === 'ink' || p === 'react'),
        entry,
      ).toEqual([]);
    }
  });

  it('the screens are where Ink is', () => {
    expect(staticPackages(dist('tui', 'prompt-compress-run.js')).has('ink')).toBe(true);
  });
});
