import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { llmcost, tempDir } from '../../helpers/cli.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  mkdirSync(join(dir, 'prompts', 'nested'), { recursive: true });
  // "Hello| world": 2 tokens in o200k_base and in cl100k_base.
  writeFileSync(join(dir, 'prompts', 'a.txt'), 'Hello world');
  writeFileSync(
    join(dir, 'prompts', 'nested', 'chat.json'),
    JSON.stringify([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hello world', name: 'bob' },
    ]),
  );
  writeFileSync(join(dir, 'prompts', 'image.bin'), Buffer.from([0x89, 0x50, 0x00, 0x01]));
});
afterEach(() => cleanup());

const run = (args: string[]) => llmcost(['--db', ':memory:', 'tokens', ...args], { cwd: dir });

describe('llmcost tokens', () => {
  it('counts and prices each file on the default models (JSON)', () => {
    const r = run(['prompts/a.txt', 'prompts/nested/chat.json', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.models.map((m: { id: string; estimate: boolean }) => [m.id, m.estimate])).toEqual([
      ['gpt-4o', false],
      ['claude-sonnet-4-5', true],
    ]);
    const [a, chat] = doc.files;
    expect(a).toMatchObject({ path: 'prompts/a.txt', kind: 'text', tokens: { o200k_base: 2 } });
    // gpt-4o at $2.50/1M: 2 × 2.5 / 1e6 = $0.000005 a call; × 1,000 calls/day × 30 days = $0.15.
    // claude-sonnet-4-5 at $3/1M on the o200k estimate: 2 × 3 / 1e6 = $0.000006; × 30,000 = $0.18.
    expect(a.models).toEqual([
      { model: 'gpt-4o', tokens: 2, estimate: false, costPerCall: 0.000005, costPerMonth: 0.15 },
      { model: 'claude-sonnet-4-5', tokens: 2, estimate: true, costPerCall: 0.000006, costPerMonth: 0.18 },
    ]);
    // 7 (system: 3 + "system" + "Be| brief|.") + 8 (user: 3 + "user" + "Hello| world" + 1 + "bob") + 3 priming.
    expect(chat).toMatchObject({ kind: 'chat', messages: 2, tokens: { o200k_base: 18 } });
    // 18 × 2.5 / 1e6 = $0.000045; × 30,000 = $1.35.
    expect(chat.models[0]).toMatchObject({ costPerCall: 0.000045, costPerMonth: 1.35 });
    // 2 + 18 = 20 tokens; $0.15 + $1.35 = $1.50 a month on gpt-4o.
    expect(doc.total).toMatchObject({ files: 2, tokens: { o200k_base: 20 } });
    expect(doc.total.models[0]).toMatchObject({ costPerCall: 0.00005, costPerMonth: 1.5 });
  });

  it('prices output tokens, a volume and cl100k models; CSV has one row per file and model', () => {
    const r = run(['prompts/a.txt', '-m', 'gpt-4o-mini', '-m', 'gpt-4', '--output-tokens', '100', '--calls-per-day', '200', '--format', 'csv']);
    expect(r.code).toBe(0);
    // gpt-4o-mini ($0.15 in, $0.60 out per 1M): (2 × 0.15 + 100 × 0.6) / 1e6 = $0.0000603; × 200 × 30 = $0.3618.
    // gpt-4 ($30 in, $60 out; cl100k "Hello| world" = 2): (2 × 30 + 100 × 60) / 1e6 = $0.00606; × 6,000 = $36.36.
    expect(r.stdout).toBe(
      [
        'file,kind,messages,model,encoding,estimate,tokens,cost_per_call_usd,cost_per_month_usd',
        'prompts/a.txt,text,,gpt-4o-mini,o200k_base,false,2,0.0000603,0.3618',
        'prompts/a.txt,text,,gpt-4,cl100k_base,false,2,0.00606,36.36',
        '',
      ].join('\n'),
    );
  });

  it('walks directories and quoted globs, and skips binary files with a warning', () => {
    const r = run(['prompts', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('warning: prompts/image.bin is a binary file: skipped.\n');
    expect(JSON.parse(r.stdout).files.map((f: { path: string }) => f.path)).toEqual(['prompts/a.txt', 'prompts/nested/chat.json']);
    const g = run(['prompts/**/*.json', '--format', 'json']);
    expect(JSON.parse(g.stdout).files.map((f: { path: string }) => f.path)).toEqual(['prompts/nested/chat.json']);
  });

  it('prints a table that marks estimates', () => {
    const r = run(['prompts/a.txt']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('claude-sonnet-4-5 ≈');
    expect(r.stdout).toMatch(/prompts\/a\.txt\s+2\s+\$0\.00000500\s+\$0\.15\s+\$0\.00000600\s+\$0\.18/);
    expect(r.stdout).toContain('≈ estimate for claude-sonnet-4-5');
  });

  it('refuses unknown models, missing files, empty globs and malformed chat files with exit 2', () => {
    expect(run(['prompts/a.txt', '-m', 'no-such-model'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('Model "no-such-model" is not in the price catalog'),
    });
    expect(run(['nope.txt'])).toMatchObject({ code: 2, stderr: 'llmcost: nope.txt does not exist: give a prompt file, a directory or a quoted glob.\n' });
    expect(run(['prompts/*.md'])).toMatchObject({ code: 2, stderr: expect.stringContaining('No file matches "prompts/*.md"') });
    writeFileSync(join(dir, 'bad.json'), '{"messages": [{"role": "user", "content": 5}]}');
    expect(run(['bad.json'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('bad.json: messages[0].content is neither a string nor an array of parts'),
    });
  });
});
