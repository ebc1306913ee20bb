import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/simulate/bootstrap.js';
import { llmcost, tempDir } from '../helpers/cli.js';

// Property: any set of files, ingested in any order, in one run or several, gives identical totals. The files
// hold every kind of overlap the identity rules settle: scoped ids that collide across sources, a corrected
// re-export, a re-fetched usage bucket, the same provider request in two formats, a Claude Code message in a
// parent transcript, a sidechain replay and a partial copy.

const SESSION = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';
const cc = (id: string, input: number, output: number, sidechain = false) =>
  JSON.stringify({
    type: 'assistant',
    sessionId: SESSION,
    uuid: `u-${id}-${output}`,
    parentUuid: null,
    isSidechain: sidechain,
    cwd: '/w',
    timestamp: '2025-06-02T09:00:00.000Z',
    message: { id, role: 'assistant', model: 'claude-sonnet-4-5-20250929', usage: { input_tokens: input, output_tokens: output } },
  });
const page = (input: number, output: number, n: number) =>
  JSON.stringify({
    object: 'page',
    data: [
      {
        object: 'bucket',
        start_time: 1748908800,
        end_time: 1748995200,
        results: [
          {
            object: 'organization.usage.completions.result',
            model: 'gpt-4o',
            input_tokens: input,
            input_cached_tokens: 0,
            output_tokens: output,
            num_model_requests: n,
            project_id: null,
            user_id: null,
            api_key_id: null,
            batch: null,
            service_tier: null,
          },
        ],
      },
    ],
  });

/** name, content, mtime (s), --source label. */
const FILES: [string, string, number, string | undefined][] = [
  [
    'a/usage.csv',
    'id,timestamp,model,input_tokens,output_tokens\n1,2025-06-01T10:00:00Z,gpt-4o-mini,1000,100\n2,2025-06-01T10:01:00Z,gpt-4o-mini,2000,200\n',
    1_750_000_000,
    'app-a',
  ],
  [
    'a/usage-fixed.csv',
    'id,timestamp,model,input_tokens,output_tokens\n1,2025-06-01T10:00:00Z,gpt-4o-mini,1000,100\n2,2025-06-01T10:01:00Z,gpt-4o-mini,2000,500\n',
    1_750_003_600,
    'app-a',
  ],
  ['b/usage.csv', 'id,timestamp,model,input_tokens,output_tokens\n1,2025-06-01T11:00:00Z,gpt-4o,1000,100\n', 1_750_000_000, 'app-b'],
  ['fetch-1.json', page(4000, 400, 4), 1_750_000_000, undefined],
  ['fetch-2.json', page(8000, 800, 8), 1_750_086_400, undefined],
  [
    'responses.jsonl',
    JSON.stringify({
      id: 'chatcmpl-P1',
      object: 'chat.completion',
      created: 1748772000,
      model: 'gpt-4o-mini',
      usage: { prompt_tokens: 600, completion_tokens: 60 },
    }) + '\n',
    1_750_000_000,
    undefined,
  ],
  ['export.csv', 'request_id,timestamp,model,prompt_tokens,completion_tokens\nchatcmpl-P1,2025-06-01T10:00:00Z,gpt-4o-mini,600,60\n', 1_750_000_000, 'export'],
  [`cc/${SESSION}.jsonl`, [cc('msg_01P', 100, 40), cc('msg_01S', 200, 80)].join('\n') + '\n', 1_750_000_000, undefined],
  [`cc/${SESSION}/subagents/agent-x.jsonl`, [cc('msg_01S', 200, 80, true), cc('msg_01A', 300, 60, true)].join('\n') + '\n', 1_750_000_000, undefined],
  ['cc/resumed.jsonl', cc('msg_01P', 100, 7) + '\n', 1_750_000_000, undefined],
];

// Expected, by hand (USD per 1M: gpt-4o-mini 0.15/0.60, gpt-4o 2.50/10, claude-sonnet-4-5 3/15):
//  app-a, the corrected file wins: 3,000 in, 600 out      → 450 + 360 = 810
//  app-b: 1,000 in, 100 out (gpt-4o)                       → 2,500 + 1,000 = 3,500
//  usage bucket, the later fetch: 8,000 in, 800 out, 8 requests (gpt-4o) → 20,000 + 8,000 = 28,000
//  chatcmpl-P1 once: 600 in, 60 out                        → 90 + 36 = 126
//  Claude Code msg_01P (complete: 40 out), msg_01S once, msg_01A: 600 in, 180 out → 1,800 + 2,700 = 4,500
// Requests: 2 + 1 + 8 + 1 + 3 = 15. Cost: 36,936 millionths.
const EXPECTED = { requests: 15, inputTokens: 3000 + 1000 + 8000 + 600 + 600, outputTokens: 600 + 100 + 800 + 60 + 180 };
const EXPECTED_COST = 0.036936;

describe('ingest order never changes the totals', () => {
  it('gives the same totals for every order, in one run or several', () => {
    const { dir, cleanup } = tempDir();
    try {
      const paths = FILES.map(([name, text, mtime, source]) => {
        const p = join(dir, 'in', name);
        mkdirSync(join(p, '..'), { recursive: true });
        writeFileSync(p, text);
        utimesSync(p, mtime, mtime);
        return { p, source };
      });
      const random = mulberry32(20261207); // seeded, so a failing order can be replayed
      for (let trial = 0; trial < 4; trial++) {
        const order = [...paths].sort(() => random() - 0.5);
        const db = join(dir, `t${trial}.db`);
        // Files with the same label may go in one run; the others one by one, in the shuffled order.
        let i = 0;
        while (i < order.length) {
          const group = [order[i]!];
          while (trial % 2 === 1 && i + group.length < order.length && order[i + group.length]!.source === group[0]!.source)
            group.push(order[i + group.length]!);
          const args = ['--db', db, 'ingest', ...group.map((g) => g.p), ...(group[0]!.source ? ['--source', group[0]!.source] : [])];
          const r = llmcost(args);
          expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(0);
          i += group.length;
        }
        const doc = JSON.parse(llmcost(['--db', db, 'audit', '--format', 'json']).stdout);
        expect(doc.totals, `order ${order.map((o) => o.p.slice(dir.length)).join(', ')}`).toMatchObject(EXPECTED);
        expect(doc.totals.costUsd).toBeCloseTo(EXPECTED_COST, 12);
      }
    } finally {
      cleanup();
    }
  });
});
