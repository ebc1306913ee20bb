// Prompt fingerprints: the same API log (responses with the request beside them, as a logging proxy keeps them)
// ingested with fingerprints (the default) and with --no-fingerprints, each in its own process, into a fresh
// database. The log is shaped like real traffic: a few long system prompts (templates) that most requests
// share, a user question that varies, some exact repeats. Target: fingerprints cost at most 25% more time.
// LLMCOST_BENCH_FP_LINES changes the size (default 20,000: a 236 MiB file).
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rng } from './generate.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const tmp = join(here, 'tmp');
const bin = join(here, '..', 'bin', 'llmcost.js');

const WORDS =
  'account refund invoice order shipping delivery password login error payment card subscription plan upgrade cancel return warranty address email phone support ticket issue problem help question answer policy days within business customer product item price discount code status tracking'.split(
    ' ',
  );

/** Five system prompts of 800 to 2,400 words: the templates most requests share. */
function templates(rand) {
  return Array.from({ length: 5 }, (_, t) => {
    const n = 800 + t * 400;
    const words = Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)]);
    return `You are support assistant #${t} for Acme. Rules:\n${words.join(' ')}`;
  });
}

async function generate(path, lines) {
  const rand = rng(11);
  const systems = templates(rand);
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  const start = Date.UTC(2025, 0, 1) / 1000;
  const asked = [];
  let buf = '';
  for (let i = 0; i < lines; i++) {
    let question;
    if (asked.length > 0 && rand() < 0.15) question = asked[Math.floor(rand() * asked.length)];
    else {
      question = Array.from({ length: 10 + Math.floor(rand() * 60) }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' ');
      if (asked.length < 5000) asked.push(question);
    }
    const system = systems[Math.floor(rand() * systems.length)];
    const created = start + Math.floor(i * ((30 * 86400) / lines));
    const line = {
      timestamp: new Date(created * 1000).toISOString(),
      feature: 'support',
      request: {
        model: 'gpt-4o-mini',
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: question },
        ],
      },
      response: {
        id: `chatcmpl-fp-${i.toString(36)}`,
        object: 'chat.completion',
        created,
        model: 'gpt-4o-mini',
        usage: { prompt_tokens: 1500 + Math.floor(rand() * 2000), completion_tokens: 50 + Math.floor(rand() * 400) },
      },
    };
    buf += JSON.stringify(line) + '\n';
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise((r) => out.once('drain', r));
      buf = '';
    }
  }
  out.write(buf);
  await new Promise((r) => out.end(r));
}

function ingest(file, db, extra) {
  for (const s of ['', '-wal', '-shm']) rmSync(db + s, { force: true });
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [bin, '--db', db, 'ingest', file, '--json', ...extra], {
    encoding: 'utf8',
    env: { ...process.env, TZ: 'UTC', NO_COLOR: '1' },
    maxBuffer: 64 << 20,
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`ingest exited ${r.status}: ${r.stderr}`);
  return { seconds, added: JSON.parse(r.stdout).totals.added };
}

export async function run() {
  mkdirSync(tmp, { recursive: true });
  const lines = Number(process.env.LLMCOST_BENCH_FP_LINES ?? 20_000);
  const file = join(tmp, `api-log-prompts-${lines}.jsonl`);
  if (!existsSync(file)) {
    await generate(`${file}.part`, lines);
    renameSync(`${file}.part`, file);
  }
  const db = join(tmp, 'fingerprints.db');
  // Alternate the two, twice, and keep each one's best: the machine's noise hits both alike.
  const runs = { on: [], off: [] };
  for (let k = 0; k < 2; k++) {
    runs.off.push(ingest(file, db, ['--no-fingerprints']).seconds);
    runs.on.push(ingest(file, db, []).seconds);
  }
  for (const s of ['', '-wal', '-shm']) rmSync(db + s, { force: true });
  const on = Math.min(...runs.on);
  const off = Math.min(...runs.off);
  const mb = statSync(file).size / (1 << 20);
  process.stdout.write(
    `API log with prompts (${lines.toLocaleString('en-US')} lines, ${mb.toFixed(0)} MiB, 5 system templates of 800–2,400 words): ` +
      `ingest without fingerprints ${off.toFixed(2)} s, with ${on.toFixed(2)} s: ${(on / off).toFixed(2)}× (target ≤ 1.25×)\n`,
  );
}
