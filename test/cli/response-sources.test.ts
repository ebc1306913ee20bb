import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, llmcost, useTempDb } from '../helpers/cli.js';

// Response fingerprints from every source that logs the response beside the prompt, end to end: each source
// below logs three requests with the same prompt, answered X, then Y, then X again. An exact-match semantic
// cache misses the first and serves its answer X to the other two: 2 hits, both comparable, and the second
// request's own answer Y differs from X: 1 of 2, 50%.

const T = useTempDb();

const first = (path: string) => JSON.parse(readFileSync(path, 'utf8').split('\n')[0]!) as Record<string, any>;
const QUESTION = 'What is the refund window for annual plans?';
const X = 'Thirty days from purchase.';
const Y = 'Fourteen days, or thirty for annual plans.';
const ANSWERS = [X, Y, X];
const chat = (answer: string) => ({ object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: answer } }] });

/** name, file name, the lines. */
const SOURCES: [string, string, () => string[]][] = [
  [
    'Bedrock invocation log (output.outputBodyJson)',
    'bedrock.jsonl',
    () => {
      const base = first(fixture('usage', 'bedrock', 'invocations.jsonl'));
      return ANSWERS.map((a, k) =>
        JSON.stringify({
          ...base,
          requestId: `3f8e1a52-6c1d-4b7e-9a0f-2d5c8e7b1b1${k}`,
          timestamp: `2025-06-04T08:0${k}:00Z`,
          input: { ...base['input'], inputBodyJson: { messages: [{ role: 'user', content: [{ text: QUESTION }] }] } },
          // A Converse body: output.message.content.
          output: { ...base['output'], outputBodyJson: { output: { message: { role: 'assistant', content: [{ text: a }] } }, stopReason: 'end_turn' } },
        }),
      );
    },
  ],
  [
    'Langfuse observation (output)',
    'langfuse.jsonl',
    () => {
      const base = first(fixture('usage', 'langfuse', 'observations.jsonl'));
      return ANSWERS.map((a, k) =>
        JSON.stringify({
          ...base,
          id: `obs-ans-${k}`,
          startTime: `2025-06-02T09:1${k}:00.000Z`,
          input: [{ role: 'user', content: QUESTION }],
          output: { role: 'assistant', content: a },
        }),
      );
    },
  ],
  [
    'LiteLLM spend log (response, kept as JSON text)',
    'spend.jsonl',
    () => {
      const base = first(fixture('usage', 'litellm-spend', 'spend-logs.jsonl'));
      return ANSWERS.map((a, k) =>
        JSON.stringify({
          ...base,
          request_id: `litellm-ans-${k}`,
          startTime: `2025-06-05T14:0${k}:00.000000+00:00`,
          messages: [{ role: 'user', content: QUESTION }],
          response: JSON.stringify(chat(a)),
        }),
      );
    },
  ],
  [
    'Helicone export (response_body)',
    'helicone.jsonl',
    () => {
      const base = first(fixture('usage', 'helicone', 'requests.jsonl'));
      return ANSWERS.map((a, k) =>
        JSON.stringify({
          ...base,
          request_id: `9b6a7f0e-3c2d-4e1f-8a9b-0c1d2e3f4b9${k}`,
          request_created_at: `2025-06-02 09:1${k}:00.000`,
          request_body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: QUESTION }] },
          response_body: chat(a),
        }),
      );
    },
  ],
  [
    'Claude Code transcript (the blocks of each assistant response)',
    'session.jsonl',
    () =>
      ANSWERS.flatMap((a, k) => {
        // Three sessions of one turn each; each response is streamed as two lines (a text block, then a tool call).
        const session = `0d1e2f3a-4b5c-4d6e-8f70-81920a1b2d3${k}`;
        const at = `2025-06-02T09:0${k}:00.000Z`;
        const block = (n: number, content: object[], output: number) =>
          JSON.stringify({
            type: 'assistant',
            sessionId: session,
            uuid: `a${k}-${n}`,
            parentUuid: n === 1 ? `u${k}` : `a${k}-1`,
            timestamp: at,
            requestId: `req_ans${k}`,
            message: {
              id: `msg_ans${k}`,
              role: 'assistant',
              model: 'claude-sonnet-4-5-20250929',
              content,
              usage: { input_tokens: 1000, output_tokens: output },
            },
          });
        return [
          JSON.stringify({ type: 'user', sessionId: session, uuid: `u${k}`, parentUuid: null, timestamp: at, message: { role: 'user', content: QUESTION } }),
          block(1, [{ type: 'text', text: a }], 50),
          block(2, [{ type: 'tool_use', id: `toolu_${k}`, name: 'Read', input: { file_path: '/policy.md' } }], 100),
        ];
      }),
  ],
  [
    'Codex rollout (the assistant items before each token_count event)',
    'rollout-2025-10-03T15-20-00-0199a6c7-d8e9-7f0a-9b1c-2d3e4f5a6c7c.jsonl',
    () =>
      ANSWERS.flatMap((a, k) => {
        const session = `0199a6c7-d8e9-7f0a-9b1c-2d3e4f5a6c7${k}`;
        const at = (s: number) => `2025-10-03T15:2${k}:0${s}.000Z`;
        return [
          JSON.stringify({
            timestamp: at(0),
            type: 'session_meta',
            payload: { id: session, timestamp: at(0), cwd: '/w', originator: 'codex_cli_rs', cli_version: '0.44.0' },
          }),
          JSON.stringify({ timestamp: at(1), type: 'turn_context', payload: { cwd: '/w', model: 'gpt-5', effort: 'medium' } }),
          JSON.stringify({
            timestamp: at(2),
            type: 'response_item',
            payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: QUESTION }] },
          }),
          JSON.stringify({
            timestamp: at(3),
            type: 'response_item',
            payload: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: a }] },
          }),
          JSON.stringify({
            timestamp: at(4),
            type: 'response_item',
            payload: { type: 'function_call', name: 'shell', arguments: '{"command":["cat","policy.md"]}', call_id: `call_${k}` },
          }),
          JSON.stringify({
            timestamp: at(5),
            type: 'event_msg',
            payload: {
              type: 'token_count',
              info: { total_token_usage: { input_tokens: 1000, cached_input_tokens: 0, output_tokens: 100, reasoning_output_tokens: 0, total_tokens: 1100 } },
            },
          }),
        ];
      }),
  ],
];

describe('every source that logs responses yields response fingerprints', () => {
  for (const [name, file, lines] of SOURCES) {
    it(`${name}: 1 of 2 comparable hits would have served a different answer`, () => {
      const path = join(T.dir, file);
      writeFileSync(path, `${lines().join('\n')}\n`);
      const r = llmcost(['--db', T.db, 'simulate', path, '--semantic-cache', 'threshold=1', '--format', 'json']);
      expect(r.code, r.stderr).toBe(0);
      const sc = JSON.parse(r.stdout).semanticCache;
      expect(sc).toMatchObject({ eligibleRequests: 3, hits: 2, answeredRequests: 3, answers: { comparableHits: 2, differingHits: 1, differingShare: 0.5 } });
    });
  }
});
