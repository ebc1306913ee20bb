import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCatalogFile } from '../../../src/catalog/load.js';
import { validateBudgets } from '../../../src/check/budget-config.js';
import { loadConfig } from '../../../src/config/load.js';
import { validateConfig } from '../../../src/config/validate.js';
import { tempDir } from '../../helpers/cli.js';

// Hand-written bad files: each validator names the file, the line of the key and the key meant.
describe('file:line and did-you-mean in every validator', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('config: a misspelt top-level key is warned about at its line, with the key meant', async () => {
    const file = join(dir, 'llmcost.config.yaml');
    writeFileSync(file, '# team settings\ndb: ./usage.db\ntimezon: Europe/Berlin\n');
    const { warnings } = await loadConfig(file, dir);
    expect(warnings).toEqual([
      `${file}:3: unknown key "timezon" is ignored (did you mean "timezone"? known: db, timezone, storePrompts, catalog, prices, audit, budgets, connections)`,
    ]);
  });

  it('config: a bad value names its line, in YAML and in a package.json', async () => {
    const yaml = join(dir, 'llmcost.config.yaml');
    writeFileSync(yaml, 'timezone: UTC\n\nstorePrompts: sometimes\n');
    await expect(loadConfig(yaml, dir)).rejects.toThrow(`Invalid config: ${yaml}:3: "storePrompts" must be true or false.`);
    const pkg = join(dir, 'package.json');
    writeFileSync(pkg, '{\n  "name": "app",\n  "llmcost": {\n    "timezone": "UTC",\n    "catalog": {"files": 3}\n  }\n}\n');
    await expect(loadConfig(pkg, dir)).rejects.toThrow(`Invalid config: ${pkg}:5: "catalog.files" must be a list of catalog file paths.`);
  });

  it('config prices: a misspelt rate key suggests the one meant', () => {
    const { errors } = validateConfig({ prices: { acme: { inptu: 1, output: 2 } } }, 'c.yaml', '2026-11-22');
    expect(errors).toContain(
      'c.yaml: prices.acme.inptu is not a known key (did you mean "input"?): use input, output, cacheRead, cacheWrite5m, cacheWrite1h, reasoning',
    );
  });

  it('budgets: a misspelt kind or metric suggests the one meant', () => {
    const { errors } = validateBudgets(
      [
        { name: 'a', kind: 'promt', fail: 1 },
        { name: 'b', kind: 'prompt', files: 'p/*.txt', metric: 'tokns', fail: 1 },
      ],
      'c.yaml',
    );
    expect(errors).toEqual([
      'c.yaml: budgets[0] ("a").kind must be one of spend, prompt, diff (did you mean "prompt"?)',
      'c.yaml: budgets[1] ("b").metric must be one of tokens, callCost, monthlyCost (did you mean "tokens"?)',
    ]);
  });

  it('catalog: an invalid entry names file:line and key path, and a misspelt rate key the one meant', () => {
    const file = join(dir, 'catalog.json');
    writeFileSync(
      file,
      `{
  "snapshot": "2026-01-01",
  "models": [
    {
      "id": "acme-llm",
      "provider": "acme",
      "source": "contract #42",
      "asOf": "2026-01-01",
      "standard": { "input": 1, "output": -2, "cacheRaed": 0.1 }
    }
  ]
}
`,
    );
    expect(() => readCatalogFile(file)).toThrow(
      `Catalog file ${file} has invalid entries: ${file}:9: models[0].standard.cacheRaed is not a known key (did you mean "cacheRead"?): use input, output, cacheRead, cacheWrite5m, cacheWrite1h, reasoning; ${file}:9: models[0].standard.output must be a number >= 0 (USD per 1M tokens).`,
    );
  });
});
