import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
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

/** The files `npm pack` puts in the tarball (without building again: the test run has built). */
function packedFiles(): Set<string> {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return new Set((JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path));
}

/** Repository paths the README (outside its development section) and the error messages of src/ point a user to. */
function pointedTo(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8').split(/^## Development and benchmark$/m)[0]!;
  const sources: string[] = [readme];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (/\.tsx?$/.test(e.name)) sources.push(readFileSync(join(d, e.name), 'utf8'));
    }
  };
  walk(join(ROOT, 'src'));
  const found = new Set<string>();
  for (const text of sources) {
    for (const m of text.matchAll(/(?<![\w./-])((?:fixtures|docs|src|bin)\/[\w./-]*[\w/])/g)) {
      // Quoted, in backticks, or a plain word: a path of this repository (URLs' /docs/ paths are not preceded by a space).
      found.add(m[1]!);
    }
  }
  return [...found].sort();
}

describe('what the package holds', () => {
  it('every file the README and error messages point to, the license, the changelog and the typed library entry', () => {
    const files = packedFiles();
    for (const f of ['LICENSE', 'CHANGELOG.md', 'README.md', 'bin/llmcost.js', 'dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/cli/main.js'])
      expect(files.has(f), f).toBe(true);
    const missing = pointedTo().filter((p) => !files.has(p) && ![...files].some((f) => f.startsWith(p.endsWith('/') ? p : `${p}/`)));
    expect(missing).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ license: 'MIT', exports: { '.': { types: './dist/lib/index.d.ts', import: './dist/lib/index.js' } } });
    for (const k of ['repository', 'homepage', 'bugs', 'keywords']) expect(pkg[k], k).toBeDefined();
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
  });
});

/** Runs a command; its output on failure. */
function sh(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }) {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, encoding: 'utf8', input: opts.input ?? '', timeout: 600_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('the packed package', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it.skipIf(!SLOW)(
    'installs from its tarball in an empty folder without dev dependencies and runs',
    () => {
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
      const audit = spawnSync(bin, ['--db', ':memory:', 'audit', 'node_modules/llmcost/fixtures/usage/sample.jsonl', '--format', 'json'], {
        cwd: app,
        encoding: 'utf8',
      });
      expect(audit.status, audit.stderr).toBe(0);
      expect(JSON.parse(audit.stdout).totals.costUsd).toBeCloseTo(1.076295, 12);
      const check = spawnSync(bin, ['check', '--help'], { cwd: app, encoding: 'utf8' });
      expect(check.status).toBe(0);

      // The library, from the installed package: its JavaScript and its types.
      const lib = sh(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          "import { priceUsage, countTokens } from 'llmcost'; const r = priceUsage({ model: 'gpt-4o-mini', inputTokens: 1000000, outputTokens: 1000000 }); const t = await countTokens('hello world'); console.log(JSON.stringify([r.costUsd, t.tokens]));",
        ],
        { cwd: app },
      );
      expect(lib.code, lib.stderr).toBe(0);
      expect(JSON.parse(lib.stdout)).toEqual([0.75, 2]);
      writeFileSync(
        join(app, 'use.ts'),
        "import { priceUsage, parseFile, type PriceResult, type ParsedFile } from 'llmcost';\nconst r: PriceResult = priceUsage({ model: 'gpt-4o', inputTokens: 1 });\nconst p: Promise<ParsedFile> = parseFile('x.jsonl');\nconst n: number | null = r.costUsd;\n// @ts-expect-error: a model is required\npriceUsage({ inputTokens: 1 });\nexport { p, n };\n",
      );
      const tsc = sh(
        process.execPath,
        [
          join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
          '--noEmit',
          '--strict',
          '--module',
          'nodenext',
          '--moduleResolution',
          'nodenext',
          '--types',
          'node',
          '--typeRoots',
          join(ROOT, 'node_modules', '@types'),
          'use.ts',
        ],
        { cwd: app },
      );
      expect(tsc.code, tsc.stdout + tsc.stderr).toBe(0);
    },
    900_000,
  );

  it.skipIf(!SLOW)(
    'installs globally into a prefix and runs outside the repository; npx runs it in an empty folder',
    () => {
      const pack = sh('npm', ['pack', '--pack-destination', dir], { cwd: ROOT });
      expect(pack.code, pack.stderr).toBe(0);
      const tgz = join(dir, readdirSync(dir).find((f) => f.endsWith('.tgz'))!);
      const prefix = join(dir, 'prefix');
      const home = join(dir, 'home');
      const empty = join(dir, 'empty');
      for (const d of [prefix, home, empty]) mkdirSync(d);
      const install = sh('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', tgz], { cwd: empty });
      expect(install.code, install.stderr).toBe(0);
      // A user's environment: nothing of the repository, a home without agent logs (npm keeps its own settings,
      // such as the certificate authority of this machine's registry proxy).
      const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${join(prefix, 'bin')}:${process.env['PATH']}`, HOME: home, TZ: 'UTC', NO_COLOR: '1' };
      for (const k of ['LLMCOST_DB', 'CLAUDE_CONFIG_DIR', 'CODEX_HOME', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'LLMCOST_NOW']) delete env[k];
      const userNpmrc = join(homedir(), '.npmrc');
      if (existsSync(userNpmrc)) env['npm_config_userconfig'] = userNpmrc;
      const version = sh('llmcost', ['--version'], { cwd: empty, env });
      expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
      // Bare llmcost: the start page, naming the bundled sample where it is installed; nothing written.
      const start = sh('llmcost', [], { cwd: empty, env });
      expect(start.code, start.stderr).toBe(0);
      const sample = /llmcost --db :memory: audit (\S+sample\.jsonl)/.exec(start.stdout)?.[1];
      expect(sample && existsSync(sample), start.stdout).toBe(true);
      const audit = sh('llmcost', ['--db', ':memory:', 'audit', sample!, '--json'], { cwd: empty, env });
      expect(audit.code, audit.stderr).toBe(0);
      expect(JSON.parse(audit.stdout).totals.costUsd).toBeCloseTo(1.076295, 12);
      expect(readdirSync(empty)).toEqual([]);
      expect(existsSync(join(home, '.local', 'share', 'llmcost'))).toBe(false);
      const completion = sh('llmcost', ['completion', 'bash'], { cwd: empty, env });
      expect(completion.stdout).toContain('complete -o filenames -F _llmcost llmcost');

      // npx from the tarball, in an empty folder, with its own npm cache.
      const npx = sh('npx', ['--yes', '--cache', join(dir, 'npm-cache'), '--package', tgz, '--', 'llmcost', '--db', ':memory:', 'audit', sample!, '--json'], {
        cwd: empty,
        env,
      });
      expect(npx.code, npx.stderr).toBe(0);
      expect(JSON.parse(npx.stdout).totals.costUsd).toBeCloseTo(1.076295, 12);
      const bare = sh('npx', ['--yes', '--cache', join(dir, 'npm-cache'), '--package', tgz, '--', 'llmcost'], { cwd: empty, env });
      expect(bare.stdout).toMatch(/^llmcost: offline cost audit/);
      expect(readdirSync(empty)).toEqual([]);
    },
    900_000,
  );
});
