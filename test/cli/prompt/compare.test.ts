import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { llmcost, tempDir } from '../../helpers/cli.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  // A: 21 tokens, B: 13 tokens (o200k_base; the words are listed in compress.test.ts).
  writeFileSync(join(dir, 'a.txt'), 'Please note that you must answer in JSON. Do not add any other text. Thank you so much!');
  writeFileSync(join(dir, 'b.txt'), 'You must answer in JSON. Do not add any other text.');
  writeFileSync(join(dir, 'a.json'), JSON.stringify([{ role: 'system', content: 'Be brief.' }]));
  writeFileSync(
    join(dir, 'b.json'),
    JSON.stringify({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello world', name: 'bob' },
      ],
    }),
  );
});
afterEach(() => cleanup());

const run = (args: string[]) => llmcost(['--db', ':memory:', 'compare', ...args], { cwd: dir });

describe('llmcost compare', () => {
  it('gives tokens, cost deltas and the changed pieces (JSON)', () => {
    const r = run(['a.txt', 'b.txt', '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    // 13 − 21 = −8 tokens; −8 / 21 = −38.1%.
    expect(doc.encodings).toEqual([{ encoding: 'o200k_base', a: 21, b: 13, delta: -8, deltaShare: -8 / 21 }]);
    // gpt-4o ($2.50/1M): A 21 × 2.5 / 1e6 = $0.0000525, B $0.0000325, Δ −$0.00002; a month (× 30,000 calls): $1.575, $0.975, −$0.60.
    expect(doc.models[0]).toEqual({
      model: 'gpt-4o',
      estimate: false,
      encoding: 'o200k_base',
      a: { tokens: 21, costPerCall: 0.0000525, costPerMonth: 1.575 },
      b: { tokens: 13, costPerCall: 0.0000325, costPerMonth: 0.975 },
      delta: { tokens: -8, costPerCall: -0.00002, costPerMonth: -0.6 },
    });
    // "Please| note| that| you| " (5) became "You| " (2); " Thank| you| so| much|!" (5) went.
    expect(doc.hunks).toEqual([
      { line: 1, removed: 'Please note that you ', added: 'You ', tokensRemoved: 5, tokensAdded: 2 },
      { line: 1, removed: ' Thank you so much!', added: '', tokensRemoved: 5, tokensAdded: 0 },
    ]);
  });

  it('compares chat-message files with the chat overhead', () => {
    const doc = JSON.parse(run(['a.json', 'b.json', '--format', 'json', '-m', 'gpt-4o']).stdout);
    // A: 3 + "system" 1 + "Be| brief|." 3, + 3 priming = 10. B adds the user message: 3 + 1 + 2 + 1 + 1 = 8, so 18.
    expect(doc.a).toMatchObject({ kind: 'chat', messages: 1, tokens: { o200k_base: 10 } });
    expect(doc.b).toMatchObject({ kind: 'chat', messages: 2, tokens: { o200k_base: 18 } });
    // The diff reads the messages as "role: content" blocks; the added block counted on its own is
    // "\n\n|user| (|bob|):| Hello| world" = 7 tokens (the chat overhead is in the totals above, not in the diff).
    expect(doc.hunks).toEqual([{ line: 1, removed: '', added: '\n\nuser (bob): Hello world', tokensRemoved: 0, tokensAdded: 7 }]);
  });

  it('prints a table with a word diff, and Markdown for pull requests', () => {
    const table = run(['a.txt', 'b.txt']).stdout;
    expect(table).toMatch(/o200k_base\s+21\s+13\s+-8\s+-38\.1%/);
    expect(table).toMatch(/gpt-4o\s+\$0\.0000525\s+\$0\.0000325\s+-\$0\.0000200\s+\$1\.58\s+\$0\.98\s+-\$0\.60/);
    expect(table).toContain('[-Please note that you -]{+You +}must answer in JSON. Do not add any other text.[- Thank you so much!-]');
    const md = run(['a.txt', 'b.txt', '--format', 'markdown']).stdout;
    expect(md).toContain('### Prompt A/B: `a.txt` → `b.txt`');
    expect(md).toContain('| o200k_base | 21 | 13 | -8 | -38.1% |');
    expect(md).toContain('| 1 | 5 | 2 | -3 | -“Please note that you” +“You” |');
  });

  it('says when the prompts are identical, and refuses a missing file with exit 2', () => {
    expect(run(['a.txt', 'a.txt']).stdout).toContain('The two prompts are identical.');
    expect(run(['a.txt', 'nope.txt'])).toMatchObject({ code: 2, stderr: 'llmcost: nope.txt does not exist: give two prompt files.\n' });
  });
});
