import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Small Claude Code and Codex logs written into a temporary home, with figures worked by hand in the agent
 * view tests. Claude Code: `<home>/.claude/projects/<project>/<session>.jsonl`; Codex: `<home>/.codex/sessions/...`.
 */
export const SESSION_A = 'aaaaaaaa-1111-4111-8111-111111111111';
export const SESSION_B = 'bbbbbbbb-2222-4222-8222-222222222222';
export const CODEX_SESSION = 'cccccccc-3333-7333-8333-333333333333';

interface Usage {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
}

export function assistantLine(session: string, cwd: string, id: string, ts: string, model: string, u: Usage): string {
  return JSON.stringify({
    parentUuid: null,
    isSidechain: false,
    userType: 'external',
    cwd,
    sessionId: session,
    version: '2.0.14',
    gitBranch: 'main',
    type: 'assistant',
    message: {
      id,
      type: 'message',
      role: 'assistant',
      model,
      content: [{ type: 'text', text: '…' }],
      usage: {
        input_tokens: u.input,
        cache_creation_input_tokens: u.cacheWrite ?? 0,
        cache_read_input_tokens: u.cacheRead ?? 0,
        cache_creation: { ephemeral_5m_input_tokens: u.cacheWrite ?? 0, ephemeral_1h_input_tokens: 0 },
        output_tokens: u.output,
      },
    },
    requestId: `req_${id}`,
    uuid: `${id}-uuid`,
    timestamp: ts,
  });
}

function userLine(session: string, cwd: string, ts: string): string {
  return JSON.stringify({
    parentUuid: null,
    isSidechain: false,
    type: 'user',
    cwd,
    sessionId: session,
    message: { role: 'user', content: 'hi' },
    uuid: `${ts}-u`,
    timestamp: ts,
  });
}

/** Writes the logs; returns the paths of the session files. */
export function writeAgentLogs(home: string): { sessionA: string; sessionB: string; codex: string } {
  const shop = join(home, '.claude', 'projects', '-work-shop');
  const blog = join(home, '.claude', 'projects', '-work-blog');
  mkdirSync(shop, { recursive: true });
  mkdirSync(blog, { recursive: true });
  const sonnet = 'claude-sonnet-4-5-20250929';
  const sessionA = join(shop, `${SESSION_A}.jsonl`);
  writeFileSync(
    sessionA,
    [
      userLine(SESSION_A, '/work/shop', '2025-10-05T09:09:00.000Z'),
      // $0.0705: 1,000 × $3 + 2,000 × $15 + 10,000 × $3.75 (5-minute writes) per 1M
      assistantLine(SESSION_A, '/work/shop', 'msg_a1', '2025-10-05T09:10:00.000Z', sonnet, { input: 1000, output: 2000, cacheWrite: 10000 }),
      // $0.0213: 100 × $3 + 1,000 × $15 + 20,000 × $0.30
      assistantLine(SESSION_A, '/work/shop', 'msg_a2', '2025-10-06T10:20:00.000Z', sonnet, { input: 100, output: 1000, cacheRead: 20000 }),
      // Streamed as two lines of one message; the final usage counts: $0.0771 = 200 × 3 + 4,000 × 15 + 30,000 × 0.3 + 2,000 × 3.75
      assistantLine(SESSION_A, '/work/shop', 'msg_a3', '2025-10-06T11:50:00.000Z', sonnet, { input: 200, output: 10, cacheRead: 30000, cacheWrite: 2000 }),
      assistantLine(SESSION_A, '/work/shop', 'msg_a3', '2025-10-06T11:50:00.000Z', sonnet, { input: 200, output: 4000, cacheRead: 30000, cacheWrite: 2000 }),
      '',
    ].join('\n'),
  );
  const sessionB = join(blog, `${SESSION_B}.jsonl`);
  // $0.01: 5,000 × $1 + 1,000 × $5 (Haiku 4.5)
  writeFileSync(
    sessionB,
    `${assistantLine(SESSION_B, '/work/blog', 'msg_b1', '2025-10-06T04:00:00.000Z', 'claude-haiku-4-5-20251001', { input: 5000, output: 1000 })}\n`,
  );

  const codexDir = join(home, '.codex', 'sessions', '2025', '10', '06');
  mkdirSync(codexDir, { recursive: true });
  const codex = join(codexDir, `rollout-2025-10-06T08-00-00-${CODEX_SESSION}.jsonl`);
  const t = '2025-10-06T08:00:00.000Z';
  writeFileSync(
    codex,
    [
      {
        timestamp: t,
        type: 'session_meta',
        payload: { id: CODEX_SESSION, timestamp: t, cwd: '/work/shop', originator: 'codex_cli_rs', cli_version: '0.44.0' },
      },
      { timestamp: t, type: 'turn_context', payload: { cwd: '/work/shop', model: 'gpt-5' } },
      // $0.013: (10,000 − 4,000 cached) × $1.25 + 4,000 × $0.125 + 500 × $10 per 1M
      {
        timestamp: t,
        type: 'event_msg',
        payload: {
          type: 'token_count',
          info: {
            total_token_usage: { input_tokens: 10000, cached_input_tokens: 4000, output_tokens: 500, reasoning_output_tokens: 200, total_tokens: 10500 },
          },
        },
      },
    ]
      .map((l) => JSON.stringify(l))
      .join('\n') + '\n',
  );
  return { sessionA, sessionB, codex };
}

/** The environment that points llmcost at the logs under `home` and pins "now". */
export function agentEnv(home: string, now = '2025-10-06T12:30:00Z'): Record<string, string | undefined> {
  return { HOME: home, CLAUDE_CONFIG_DIR: undefined, CODEX_HOME: undefined, XDG_CONFIG_HOME: undefined, XDG_DATA_HOME: join(home, 'data'), LLMCOST_NOW: now };
}
