import { describe, expect, it } from 'vitest';
import { Fingerprinter } from '../../src/ingest/fingerprint.js';
import { boundaryTokens } from '../../src/usage/fingerprint.js';
import { promptOfRequest } from '../../src/ingest/prompt.js';
import type { PromptMessage } from '../../src/usage/prompt.js';

/** "hello" and then " hello" n − 1 times: exactly n o200k tokens. */
const words = (n: number) => 'hello' + ' hello'.repeat(n - 1);

describe('prompt fingerprints', () => {
  it('hash the whole prompt with the database salt: equal within one salt, unrelated across salts', () => {
    const p = { messages: [{ role: 'user', text: 'What is the refund window?' }] };
    const a = new Fingerprinter('salt-a');
    expect(a.fingerprint(p).promptHash).toBe(
      new Fingerprinter('salt-a').fingerprint({ messages: [{ role: 'user', text: 'What is the refund window?' }] }).promptHash,
    );
    expect(a.fingerprint(p).promptHash).not.toBe(new Fingerprinter('salt-b').fingerprint(p).promptHash);
    // Another role is another prompt.
    expect(a.fingerprint({ messages: [{ role: 'system', text: 'What is the refund window?' }] }).promptHash).not.toBe(a.fingerprint(p).promptHash);
  });

  it('count tokens as chat formats do and put one chain hash at 1,024 tokens and every 128 after', () => {
    const f = new Fingerprinter('s');
    // 1,500 text tokens + 3 for the message = 1,503: boundaries 1,024, 1,152, 1,280, 1,408.
    const fp = f.fingerprint({ messages: [{ role: 'user', text: words(1500) }] });
    expect(fp.tokens).toBe(1503);
    expect(fp.chain).toHaveLength(4);
    expect(boundaryTokens(3)).toBe(1408);
    // Under the first boundary: no chain.
    expect(f.fingerprint({ messages: [{ role: 'user', text: words(1000) }] }).chain).toEqual([]);
  });

  it('give two prompts the same chain hashes up to where they part', () => {
    const f = new Fingerprinter('s');
    const shared = words(1300);
    const a = f.fingerprint({
      messages: [
        { role: 'system', text: shared },
        { role: 'user', text: words(400) },
      ],
    });
    const b = f.fingerprint({
      messages: [
        { role: 'system', text: shared },
        { role: 'user', text: 'Something else entirely. ' + words(399) },
      ],
    });
    // 1,303 tokens are shared (the system message and its 3): boundaries 1,024, 1,152, 1,280 agree, 1,408 on do not.
    expect(a.chain.slice(0, 3)).toEqual(b.chain.slice(0, 3));
    expect(a.chain[3]).not.toBe(b.chain[3]);
  });

  it('go on from the previous turn of a conversation, with the same result as from scratch', () => {
    const turns: PromptMessage[] = [];
    const f = new Fingerprinter('s');
    for (let k = 1; k <= 4; k++) {
      turns.push({ role: k % 2 ? 'user' : 'assistant', text: words(400 * k) });
      const incremental = f.fingerprint({ messages: turns.slice(), conversation: 'session-1' });
      const scratch = new Fingerprinter('s').fingerprint({ messages: turns.map((m) => ({ ...m })) });
      expect(incremental).toEqual(scratch);
    }
  });

  it('read the prompt of the request shapes the sources log', () => {
    expect(
      promptOfRequest({ system: [{ type: 'text', text: 'Be brief.' }], messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] })?.messages,
    ).toEqual([
      { role: 'system', text: 'Be brief.' },
      { role: 'user', text: 'Hi' },
    ]);
    expect(promptOfRequest({ instructions: 'Be brief.', input: [{ role: 'user', content: [{ type: 'input_text', text: 'Hi' }] }] })?.messages).toEqual([
      { role: 'system', text: 'Be brief.' },
      { role: 'user', text: 'Hi' },
    ]);
    expect(promptOfRequest({ contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] })?.messages).toEqual([{ role: 'user', text: 'Hi' }]);
    expect(promptOfRequest('[{"role":"user","content":"Hi"}]')?.messages).toEqual([{ role: 'user', text: 'Hi' }]);
    expect(promptOfRequest({})).toBeUndefined();
    expect(promptOfRequest('{}')).toBeUndefined();
  });
});
