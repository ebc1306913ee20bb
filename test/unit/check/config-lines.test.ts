import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { budgetLines } from '../../../src/check/config-lines.js';
import { tempDir } from '../../helpers/cli.js';

describe('budgetLines', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('finds each budget entry in YAML, JSON and package.json configs; none in JavaScript', () => {
    const yaml = join(dir, '.llmcostrc');
    writeFileSync(yaml, 'timezone: UTC\nbudgets:\n  - name: a\n    fail: 1\n\n  - {name: b, fail: 2}\n');
    expect(budgetLines(yaml)).toEqual([3, 6]);
    const json = join(dir, 'llmcost.config.json');
    writeFileSync(
      json,
      JSON.stringify(
        {
          budgets: [
            { name: 'a', fail: 1 },
            { name: 'b', fail: 2 },
          ],
        },
        null,
        2,
      ),
    );
    expect(budgetLines(json)).toEqual([3, 7]);
    const pkg = join(dir, 'package.json');
    writeFileSync(pkg, '{\n  "name": "app",\n  "llmcost": {\n    "budgets": [\n      {"name": "a", "fail": 1}\n    ]\n  }\n}\n');
    expect(budgetLines(pkg)).toEqual([5]);
    const js = join(dir, 'llmcost.config.mjs');
    writeFileSync(js, 'export default {budgets: [{name: "a", fail: 1}]};\n');
    expect(budgetLines(js)).toEqual([]);
  });
});
