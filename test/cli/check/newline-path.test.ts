import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json, repo, type Repo } from './repo.js';

// A prompt file whose name holds a line break: `git cat-file --batch` reads one name a line, so it is read
// on its own. o200k_base: "hello world\n" is 3 tokens (hello, " world", "\n"); "hello world again and more\n" is 6.
describe('llmcost check --base with a prompt path holding a line break', () => {
  let r: Repo;
  beforeEach(() => {
    r = repo();
  });
  afterEach(() => r.cleanup());

  it('compares the file like any other and shows its name with the break made visible', () => {
    r.write('prompts/a\nb.txt', 'hello world\n');
    r.write('llmcost.config.yaml', 'budgets:\n  - {name: growth, kind: diff, files: "prompts/*.txt", fail: 10}\n');
    r.commit('prompts');
    r.write('prompts/a\nb.txt', 'hello world again and more\n');
    const out = r.check(['--base', 'HEAD', '--format', 'json']);
    expect(out.code, out.stderr).toBe(0);
    const doc = json(out);
    expect(doc.budgets[0]).toMatchObject({ name: 'growth', status: 'pass' });
    expect(doc.budgets[0]!.checks[0]).toMatchObject({ value: 3, percent: 100, detail: { baseTokens: 3, headTokens: 6, tokenChange: 3 } });
    const table = r.check(['--base', 'HEAD']);
    expect(table.stdout).toContain('prompts/a\\nb.txt');
    expect(table.stdout).not.toContain('prompts/a\nb.txt');
  });
});
