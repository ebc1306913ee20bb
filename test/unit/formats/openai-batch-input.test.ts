import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchRoleOf } from '../../../src/ingest/batch-input-join.js';
import { emptyJoin, joinedPrompt, readBatchInput } from '../../../src/ingest/batch-input.js';
import { Fingerprinter } from '../../../src/ingest/fingerprint.js';
import { fixture, tempDir } from '../../helpers/cli.js';

const INPUT = fixture('usage', 'openai-batch-pair', 'batch_input.jsonl');
const OUTPUT = fixture('usage', 'openai-batch-pair', 'batch_output.jsonl');

describe('OpenAI Batch input files', () => {
  it('tells the input file from the output file, and from other formats', () => {
    expect(batchRoleOf(INPUT, undefined)).toBe('input');
    expect(batchRoleOf(OUTPUT, undefined)).toBe('output');
    expect(batchRoleOf(fixture('usage', 'openai-batch', 'errors.jsonl'), undefined)).toBe('output');
    expect(batchRoleOf(fixture('usage', 'sample.jsonl'), undefined)).toBeUndefined();
    // A forced format decides, whatever the content.
    expect(batchRoleOf(fixture('usage', 'sample.jsonl'), 'openai-batch-input')).toBe('input');
    expect(batchRoleOf(INPUT, 'generic-jsonl')).toBeUndefined();
  });

  it('fingerprints each request body of the API shapes a batch sends: chat, responses, completions, embeddings', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const path = join(dir, 'input.jsonl');
      const line = (id: string, url: string, body: object) => JSON.stringify({ custom_id: id, method: 'POST', url, body });
      writeFileSync(
        path,
        [
          line('chat', '/v1/chat/completions', {
            model: 'gpt-4o-mini',
            messages: [
              { role: 'system', content: 'Be brief.' },
              { role: 'user', content: 'Hi' },
            ],
          }),
          line('responses', '/v1/responses', { model: 'gpt-4o-mini', instructions: 'Be brief.', input: 'Hi' }),
          line('completions', '/v1/completions', { model: 'gpt-3.5-turbo-instruct', prompt: 'Hi' }),
          line('embeddings', '/v1/embeddings', { model: 'text-embedding-3-small', input: 'Hi' }),
        ].join('\n') + '\n',
      );
      const joined = emptyJoin(true);
      const read = await readBatchInput(path, joined, new Fingerprinter('test-salt'), 10);
      expect(read).toEqual({ file: path, prompts: 4, skipped: 0, skippedLines: [] });
      // Chat and Responses carry the same system text and user text: the same prompt, the same fingerprint.
      const fp = (id: string) => joinedPrompt(joined, id);
      expect(fp('chat').fingerprint!.promptHash).toBe(fp('responses').fingerprint!.promptHash);
      expect(fp('chat').promptText).toBe('system: Be brief.\n\nuser: Hi');
      // "Be brief." is 3 o200k tokens and "Hi" 1, each message 3 more: 6 + 4 = 10; a lone "Hi" is 4.
      expect(fp('chat').fingerprint!.tokens).toBe(10);
      expect(fp('completions').fingerprint!.tokens).toBe(4);
      expect(fp('completions').fingerprint!.promptHash).toBe(fp('embeddings').fingerprint!.promptHash);
      expect(joinedPrompt(joined, 'absent')).toEqual({ fingerprint: null, promptText: null });
    } finally {
      cleanup();
    }
  });

  it('keeps no text without --store-prompts', async () => {
    const joined = emptyJoin(false);
    await readBatchInput(INPUT, joined, new Fingerprinter('test-salt'), 10);
    expect(joined.texts).toBeNull();
    expect(joined.fingerprints.size).toBe(5);
    expect(joinedPrompt(joined, 'ticket-1001').promptText).toBeNull();
  });
});
