import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { fixture, llmcost, tempDir } from '../../helpers/cli.js';

describe('llmcost simulate: mistakes get one sentence with file, line and key (exit 2)', () => {
  let dir: string;
  let cleanup: () => void;
  let db: string;
  beforeAll(() => {
    ({ dir, cleanup } = tempDir());
    db = `${dir}/u.db`;
    llmcost(['--db', db, 'ingest', fixture('simulate', 'history.csv')]);
  });
  afterAll(() => cleanup());
  const sim = (...args: string[]) => llmcost(['--db', db, 'simulate', ...args]);
  const file = (name: string, text: string) => {
    writeFileSync(`${dir}/${name}`, text);
    return `${dir}/${name}`;
  };

  it('names a model the catalog does not know, at its line', () => {
    const f = file('typo.yaml', 'routing:\n  rules:\n    - match: {feature: classify}\n      to: gpt-4o-mni\n');
    const r = sim('--scenario', f);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `llmcost: ${f}:4: routing.rules[0].to "gpt-4o-mni" is not in the price catalog: use an id or alias that \`llmcost catalog list\` shows, or add it under "prices" in the config.\n`,
    );
    expect(r.stdout).toBe('');
  });

  it('names an unknown key and suggests the right one', () => {
    const f = file('key.yaml', 'caps:\n  - mtach: {feature: chat}\n    maxTokens: 500\n');
    const r = sim('--scenario', f);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${f}:2: caps[0].mtach is not a known key (did you mean "match"?)`);
  });

  it('lists every problem of a file, each at its line', () => {
    const f = file('many.json', '{\n  "caps": [{"maxTokens": -3}],\n  "batch": [{"share": 2}]\n}\n');
    const r = sim('--scenario', f);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${f}:2: caps[0].maxTokens must be a whole number of tokens, 1 or more, not -3.`);
    expect(r.stderr).toContain(`${f}:3: batch[0].share must be a share between 0 and 1, not 2.`);
  });

  it('points at broken YAML', () => {
    const f = file('broken.yaml', 'routing:\n  rules:\n    - match: {feature: classify\n      to: x\n');
    const r = sim('--scenario', f);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^llmcost: ${f}:\\d+: not valid YAML or JSON: `));
  });

  it('refuses a scenario file given as --routing, a missing file, a bad flag and an empty scenario', () => {
    const r1 = sim('--routing', fixture('simulate', 'scenario.yaml'));
    expect(r1.code).toBe(2);
    expect(r1.stderr).toContain('is a scenario file: pass it with --scenario');
    const r2 = sim('--scenario', `${dir}/nope.yaml`);
    expect(r2.stderr).toContain('no such file');
    const r3 = sim('--cap', 'feature=chat');
    expect(r3.code).toBe(2);
    expect(r3.stderr).toContain('--cap "feature=chat": needs "maxTokens"');
    const r4 = sim('--cap', 'feature=chat,limit=5');
    expect(r4.stderr).toContain('"limit" is not a key it takes');
    const r5 = sim();
    expect(r5.code).toBe(2);
    expect(r5.stderr).toContain('Nothing to simulate');
    const r6 = sim('--batch', 'feature=nightly', '--where', 'feature=nothing-like-this');
    expect(r6.code).toBe(2);
    expect(r6.stderr).toContain('No records to simulate in the database with --where');
  });
});
