import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openaiBatchAdapter } from '../../src/ingest/formats/openai-batch.js';
import { fixture } from '../helpers/cli.js';
import { runAdapter } from '../helpers/adapters.js';
import { normalizeResponse, ResponseHasher } from '../../src/ingest/response-hash.js';
import { responseText } from '../../src/ingest/response.js';

describe('responseText: the answer a response carries', () => {
  it('reads Chat Completions content and tool calls (name and arguments, JSON written canonically)', () => {
    expect(responseText({ object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'Paris.' } }] })).toBe('Paris.');
    const call = (args: string) => ({
      choices: [
        { message: { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: args } }] } },
      ],
    });
    // '{"city": "Paris"}' and '{"city":"Paris"}' are the same call: both become get_weather {"city":"Paris"}.
    expect(responseText(call('{"city": "Paris"}'))).toBe('get_weather {"city":"Paris"}');
    expect(responseText(call('{"city":"Paris"}'))).toBe('get_weather {"city":"Paris"}');
    // Legacy completions text, and the legacy function_call.
    expect(responseText({ object: 'text_completion', choices: [{ text: 'Hello' }] })).toBe('Hello');
    expect(responseText({ choices: [{ message: { content: null, function_call: { name: 'f', arguments: '{}' } } }] })).toBe('f {}');
  });

  it('reads Responses output items, leaving reasoning out', () => {
    const response = {
      object: 'response',
      text: { format: { type: 'text' } },
      output: [
        { type: 'reasoning', summary: [{ type: 'summary_text', text: 'thinking aloud' }] },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Hi there', annotations: [] }] },
        { type: 'function_call', name: 'lookup', arguments: '{"id": 7}' },
      ],
    };
    expect(responseText(response)).toBe('Hi there\nlookup {"id":7}');
  });

  it('reads Anthropic content blocks (text, tool_use), leaving thinking out', () => {
    const message = {
      type: 'message',
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'hmm', signature: 'x' },
        { type: 'text', text: 'Listing.' },
        { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: { command: 'ls' } },
      ],
    };
    expect(responseText(message)).toBe('Listing.\nBash {"command":"ls"}');
  });

  it('reads Bedrock bodies, bare messages, strings and JSON kept as a string; nothing from an empty body or an error', () => {
    expect(
      responseText({ output: { message: { role: 'assistant', content: [{ text: 'conv' }, { toolUse: { toolUseId: 't', name: 'calc', input: { x: 1 } } }] } } }),
    ).toBe('conv\ncalc {"x":1}');
    expect(responseText({ generation: 'llama says' })).toBe('llama says');
    expect(responseText({ role: 'assistant', content: 'a message' })).toBe('a message');
    expect(responseText('plain text')).toBe('plain text');
    expect(responseText('{"choices":[{"message":{"content":"from JSON"}}]}')).toBe('from JSON');
    expect(responseText({})).toBeUndefined();
    expect(responseText({ error: { message: 'Rate limit reached', code: 'rate_limit_exceeded' } })).toBeUndefined();
    expect(responseText({ choices: [{ message: { content: '   ' } }] })).toBeUndefined();
  });
});

describe('response hashes', () => {
  it('normalize Unicode forms and white space, and keep case', () => {
    expect(normalizeResponse('  Thirty days\r\nfrom   purchase.\n')).toBe('Thirty days from purchase.');
    // NFKC: the full-width "Ａ" (U+FF21) is "A"; the ligature "ﬁ" (U+FB01) is "fi".
    expect(normalizeResponse('Ａ ﬁle')).toBe('A file');
    expect(normalizeResponse('Yes')).not.toBe(normalizeResponse('yes'));
  });

  it('are equal for answers equal once normalized, differ otherwise, and depend on the salt', () => {
    const h = new ResponseHasher('salt-1');
    const a = h.hash('Thirty days from purchase.');
    expect(a).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(h.hash(' Thirty  days\nfrom purchase. ')).toBe(a);
    expect(h.hash('thirty days from purchase.')).not.toBe(a);
    expect(h.hash('Thirty days from purchase')).not.toBe(a);
    expect(new ResponseHasher('salt-2').hash('Thirty days from purchase.')).not.toBe(a);
    // An answer that is only white space is no answer.
    expect(h.hash(' \n\t')).toBeNull();
  });
});

describe('OpenAI Batch output', () => {
  it("carries each body's answer for the preparer (hashed only once the request's prompt is known)", () => {
    const lines = readFileSync(fixture('usage', 'openai-batch', 'output.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l !== '');
    const { records } = runAdapter(openaiBatchAdapter, [JSON.parse(lines[0]!)]);
    // The fixture's first line: a chat completion whose message content is "Category: billing".
    expect(records.map((r) => [r.response, r.prompt])).toEqual([['Category: billing', null]]);
  });
});
