import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/cli.js';

const SLOW = process.env['LLMCOST_SLOW_TESTS'] === '1';

/** Modules reached from a file through static `import … from` statements (dynamic `import()` is lazy). */
function staticGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/gm)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
      else if (!spec.startsWith('node:')) packages.add(spec.split('/')[0]!.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  };
  visit(entry);
  return { files, packages };
}

describe('start-up', () => {
  it('--version and --help load no Ink, React, tokenizer or SQLite code', () => {
    const { packages } = staticGraph(join(ROOT, 'dist', 'cli', 'main.js'));
    expect([...packages].sort()).toEqual(['commander']);
  });
});

describe('the packed package', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it.skipIf(!SLOW)('installs from its tarball in an empty folder without dev dependencies and runs', () => {
    const pack = spawnSync('npm', ['pack', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' });
    expect(pack.status, pack.stderr).toBe(0);
    const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
    const app = join(dir, 'app');
    spawnSync('mkdir', [app]);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    const install = spawnSync('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', join(dir, tgz)], { cwd: app, encoding: 'utf8', timeout: 600_000 });
    expect(install.status, install.stderr).toBe(0);
    expect(existsSync(join(app, 'node_modules', 'typescript'))).toBe(false);
    const bin = join(app, 'node_modules', '.bin', 'llmcost');
    const version = spawnSync(bin, ['--version'], { cwd: app, encoding: 'utf8' });
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    const audit = spawnSync(bin, ['--db', ':memory:', 'audit', 'node_modules/llmcost/fixtures/usage/sample.jsonl', '--format', 'json'], { cwd: app, encoding: 'utf8' });
    expect(audit.status, audit.stderr).toBe(0);
    expect(JSON.parse(audit.stdout).totals.costUsd).toBeCloseTo(1.076085, 12);
    const check = spawnSync(bin, ['check', '--help'], { cwd: app, encoding: 'utf8' });
    expect(check.status).toBe(0);
  }, 900_000);
});
