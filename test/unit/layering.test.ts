import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cruise, type IForbiddenRuleType } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

/**
 * The layering rule of docs/ARCHITECTURE.md, enforced with dependency-cruiser: a folder of src/ imports only
 * folders ranked below it. The ranks are read from the document's layer table, so the rule and its description
 * cannot drift apart. Ranks are a strict order, so no two folders can import each other (no folder cycles).
 * TypeScript 7 has no JavaScript API yet, so dependency-cruiser parses the sources with swc; type-only imports
 * count (a type is as much a dependency as a value).
 */
const ROOT = join(import.meta.dirname, '..', '..');

function ranksFromArchitecture(): Map<string, number> {
  const doc = readFileSync(join(ROOT, 'docs', 'ARCHITECTURE.md'), 'utf8');
  const ranks = new Map<string, number>();
  for (const m of doc.matchAll(/^\| (\d+) \| `([a-z-]+)\/` \|/gm)) ranks.set(m[2]!, Number(m[1]));
  return ranks;
}

function rulesOf(ranks: Map<string, number>): IForbiddenRuleType[] {
  const rules: IForbiddenRuleType[] = [];
  for (const [folder, rank] of ranks) {
    const higher = [...ranks].filter(([, r]) => r > rank).map(([f]) => f);
    if (higher.length === 0) continue;
    rules.push({
      name: `${folder}-imports-a-higher-layer`,
      severity: 'error',
      from: { path: `^src/${folder}/` },
      to: { path: `^src/(${higher.join('|')})/` },
    });
  }
  return rules;
}

async function violations(baseDir: string, ranks: Map<string, number>): Promise<string[]> {
  const result = await cruise(['src'], {
    baseDir,
    ruleSet: { forbidden: rulesOf(ranks) },
    validate: true,
    parser: 'swc',
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
  });
  if (typeof result.output === 'string') throw new Error('dependency-cruiser returned text, not a result');
  const unresolved = result.output.modules.flatMap((m) =>
    m.dependencies.filter((d) => d.couldNotResolve && d.module.startsWith('.')).map((d) => `${m.source} → ${d.module}`),
  );
  return [...result.output.summary.violations.map((v) => `${v.from} → ${v.to} (${v.rule.name})`), ...unresolved.map((u) => `unresolved: ${u}`)];
}

describe('layering (docs/ARCHITECTURE.md)', () => {
  const ranks = ranksFromArchitecture();

  it('places every folder of src/ in the layer table', () => {
    const folders = readdirSync(join(ROOT, 'src'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    expect(folders.filter((f) => !ranks.has(f))).toEqual([]);
    expect(new Set(ranks.values()).size).toBe(ranks.size);
  });

  it('has no import from a lower folder into a higher one', async () => {
    expect(await violations(ROOT, ranks)).toEqual([]);
  });

  it('catches an upward import, a type-only one included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmcost-layers-'));
    try {
      for (const f of ['util', 'cli']) mkdirSync(join(dir, 'src', f), { recursive: true });
      writeFileSync(join(dir, 'src', 'cli', 'main.ts'), 'export interface Program { name: string }\nexport const run = 1;\n');
      writeFileSync(join(dir, 'src', 'util', 'errors.ts'), "import type { Program } from '../cli/main.js';\nexport type P = Program;\n");
      writeFileSync(join(dir, 'src', 'util', 'time.ts'), "import { run } from '../cli/main.js';\nexport const t = run;\n");
      expect(await violations(dir, ranks)).toEqual([
        'src/util/errors.ts → src/cli/main.ts (util-imports-a-higher-layer)',
        'src/util/time.ts → src/cli/main.ts (util-imports-a-higher-layer)',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
