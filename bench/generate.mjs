// Writes N lines of OpenAI Chat Completions response objects, as an app would log them, to a file.
import { createWriteStream } from 'node:fs';

const MODELS = ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.1-mini', 'o3', 'o4-mini', 'gpt-5', 'gpt-5-mini'];

/** Deterministic pseudo-random numbers (mulberry32), so every run measures the same file. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function generateOpenAILog(path, lines, seed = 1) {
  const rand = rng(seed);
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  const start = Date.UTC(2025, 0, 1) / 1000;
  let buf = '';
  for (let i = 0; i < lines; i++) {
    const prompt = 200 + Math.floor(rand() * 8000);
    const cached = rand() < 0.4 ? Math.floor(prompt / 1024) * 1024 * Math.round(rand()) : 0;
    const completion = 20 + Math.floor(rand() * 1500);
    const reasoning = rand() < 0.3 ? Math.floor(completion * 0.6) : 0;
    const obj = {
      id: `chatcmpl-${seed}-${i.toString(36)}`,
      object: 'chat.completion',
      created: start + Math.floor(i * ((90 * 86400) / lines)),
      model: MODELS[Math.floor(rand() * MODELS.length)],
      choices: [{ index: 0, message: { role: 'assistant', content: 'Here is a short answer to the question you asked.' }, finish_reason: 'stop' }],
      usage: {
        prompt_tokens: prompt,
        completion_tokens: completion,
        total_tokens: prompt + completion,
        prompt_tokens_details: { cached_tokens: Math.min(cached, prompt), audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: reasoning, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
      },
      service_tier: 'default',
      system_fingerprint: 'fp_50cad350e4',
    };
    buf += JSON.stringify(obj) + '\n';
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise((r) => out.once('drain', r));
      buf = '';
    }
  }
  out.write(buf);
  await new Promise((r) => out.end(r));
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  await generateOpenAILog(process.argv[2], Number(process.argv[3] ?? 1000000));
}

/** N rows of llmcost's generic CSV layout. */
export async function generateGenericCsv(path, rows, seed = 2) {
  const rand = rng(seed);
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  const start = Date.UTC(2025, 0, 1);
  let buf = 'timestamp,provider,model,input_tokens,cached_tokens,output_tokens,reasoning_tokens,requests,user,project,feature,request_id\n';
  for (let i = 0; i < rows; i++) {
    const ts = new Date(start + Math.floor(i * ((90 * 86400_000) / rows))).toISOString();
    const input = 200 + Math.floor(rand() * 8000);
    const cached = rand() < 0.4 ? Math.floor(rand() * 4) * 1024 : 0;
    const output = 20 + Math.floor(rand() * 1500);
    buf += `${ts},openai,${MODELS[Math.floor(rand() * MODELS.length)]},${input},${cached},${output},0,1,u-${i % 97},p-${i % 13},f-${i % 7},csv-${seed}-${i}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise((r) => out.once('drain', r));
      buf = '';
    }
  }
  out.write(buf);
  await new Promise((r) => out.end(r));
}

/**
 * A Claude Code projects folder: `files` session files of `turns` assistant responses each, every response
 * written as two lines (two content blocks) sharing message.id and requestId, between user lines.
 */
export async function generateClaudeCodeDir(dir, files, turns, seed = 3) {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const rand = rng(seed);
  const start = Date.UTC(2025, 5, 1);
  for (let f = 0; f < files; f++) {
    const project = join(dir, `-home-dev-project-${f % 20}`);
    mkdirSync(project, { recursive: true });
    const session = `00000000-0000-4000-8000-${String(f).padStart(12, '0')}`;
    const lines = [];
    for (let t = 0; t < turns; t++) {
      const ts = new Date(start + (f * turns + t) * 60_000).toISOString();
      const base = {
        parentUuid: null,
        isSidechain: false,
        userType: 'external',
        cwd: `/home/dev/project-${f % 20}`,
        sessionId: session,
        version: '1.0.80',
        gitBranch: 'main',
      };
      lines.push(
        JSON.stringify({ ...base, type: 'user', message: { role: 'user', content: 'Please fix the failing test.' }, uuid: `u-${f}-${t}`, timestamp: ts }),
      );
      const usage = {
        input_tokens: 4 + Math.floor(rand() * 50),
        cache_creation_input_tokens: Math.floor(rand() * 4000),
        cache_read_input_tokens: Math.floor(rand() * 60000),
        output_tokens: 1 + Math.floor(rand() * 800),
        service_tier: 'standard',
      };
      const message = (content, output) => ({
        id: `msg_${seed}_${f}_${t}`,
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5-20250929',
        content,
        stop_reason: null,
        usage: { ...usage, output_tokens: output },
      });
      lines.push(
        JSON.stringify({
          ...base,
          type: 'assistant',
          requestId: `req_${seed}_${f}_${t}`,
          message: message([{ type: 'text', text: 'Looking at the test.' }], 1),
          uuid: `a-${f}-${t}-1`,
          timestamp: ts,
        }),
      );
      lines.push(
        JSON.stringify({
          ...base,
          type: 'assistant',
          requestId: `req_${seed}_${f}_${t}`,
          message: message([{ type: 'tool_use', id: 'toolu_1', name: 'Read', input: {} }], usage.output_tokens),
          uuid: `a-${f}-${t}-2`,
          timestamp: ts,
        }),
      );
    }
    writeFileSync(join(project, `${session}.jsonl`), `${lines.join('\n')}\n`);
  }
}
