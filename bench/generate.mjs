// Writes N lines of OpenAI Chat Completions response objects, as an app would log them, to a file.
import { createWriteStream } from 'node:fs';

const MODELS = ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'gpt-4.1-mini', 'o3', 'o4-mini', 'gpt-5', 'gpt-5-mini'];

/** Deterministic pseudo-random numbers (mulberry32), so every run measures the same file. */
function rng(seed) {
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
      created: start + Math.floor(i * (90 * 86400 / lines)),
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
