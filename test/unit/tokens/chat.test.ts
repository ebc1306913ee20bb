import { describe, expect, it } from 'vitest';
import { ChatFormatError, readChat } from '../../../src/tokens/chat-messages.js';
import { countChatTokens } from '../../../src/tokens/chat.js';
import { getCounter } from '../../../src/tokens/count.js';

describe('chat-message files', () => {
  it('counts roles, names and contents with the chat format overhead', async () => {
    const count = await getCounter('o200k_base');
    const messages = readChat(
      JSON.stringify([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello world', name: 'bob' },
      ]),
    )!;
    // system message: 3 + "system" (1) + "Be| brief|." (3)                     =  7
    // user message:   3 + "user" (1) + "Hello| world" (2) + name 1 + "bob" (1) =  8
    // reply priming:                                                            3
    expect(countChatTokens(messages, count)).toBe(7 + 8 + 3);
  });

  it('reads an OpenAI request body, text parts, and tool calls; leaves images out', () => {
    const messages = readChat(
      JSON.stringify({
        model: 'gpt-4o',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image_url', image_url: { url: 'https://x/y.png' } },
            ],
          },
          { role: 'assistant', content: null, tool_calls: [{ id: '1', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } }] },
        ],
      }),
    )!;
    expect(messages).toEqual([
      { role: 'user', content: 'What is this?', nonTextParts: 1 },
      { role: 'assistant', content: 'lookup {"q":"x"}', nonTextParts: 0 },
    ]);
  });

  it('treats other JSON and plain text as text, and names a bad message', () => {
    expect(readChat('{"name": "config"}')).toBeNull();
    expect(readChat('[1, 2, 3]')).toBeNull();
    expect(readChat('Hello')).toBeNull();
    expect(() => readChat('{"messages": [{"role": "user", "content": 5}]}')).toThrow(ChatFormatError);
    expect(() => readChat('{"messages": [{"content": "x"}]}')).toThrow(/messages\[0\] has no "role"/);
  });
});
