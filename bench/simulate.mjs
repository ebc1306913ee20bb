// `llmcost simulate` benchmark: a combined scenario with every lever over 1,000,000 records.
//  1. The built CLI on a 1M-record database (generic CSV of OpenAI, Anthropic and Gemini traffic over 90
//     days): routing with a cascade, caps, prompt caching with the TTL chosen per group, batch, and a
//     semantic cache, which a stored history cannot feed (no prompt text is stored) and so reports as not
//     available. Time includes process start, reading the records, the combined run, one run per lever
//     alone, and a 1,000-resample bootstrap.
//  2. The same scenario in process over 1M in-memory records that carry prompt text, so that the semantic
//     cache (normalized exact match and MinHash-indexed Jaccard) runs too, with its threshold sweep.
// Each runs in its own process; peak RSS is the child's. LLMCOST_BENCH_SIM_RECORDS changes the size.
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const tmp = join(here, 'tmp');
const root = join(here, '..');

const MODELS = [
  ['openai', 'gpt-4o', 'classify'],
  ['openai', 'gpt-4o', 'rag'],
  ['openai', 'gpt-4o-mini', 'chat'],
  ['anthropic', 'claude-sonnet-4-5', 'support'],
  ['anthropic', 'claude-sonnet-4-5', 'agent'],
  ['anthropic', 'claude-haiku-4-5', 'triage'],
  ['google', 'gemini-2.5-flash', 'summarize'],
  ['openai', 'gpt-4.1', 'nightly-report'],
];

const SCENARIO = `
routing:
  rules:
    - match: {feature: classify, inputTokens: {max: 4000}}
      to: gpt-4o-mini
    - match: {feature: agent}
      cascade: {first: claude-haiku-4-5, escalate: {default: 0.2}}
      outputRatio: 1.1
caps:
  - match: {feature: chat}
    maxTokens: 800
  - match: {model: "claude-*"}
    maxTokens: 1500
caching:
  groups:
    - match: {feature: support}
      prefixTokens: 3000
    - match: {feature: rag}
      prefixTokens: 2048
    - match: {feature: summarize}
      prefixTokens: 1500
semanticCache: {threshold: 0.9, ttl: 24h, capacity: 10000, sweep: [1, 0.9, 0.8]}
batch:
  - match: {feature: nightly-report}
  - match: {feature: triage}
    share: 0.5
`;

/** Deterministic pseudo-random numbers (mulberry32), so every run measures the same history. */
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

/**
 * n records spread over 90 days, in time order. Prompt texts: a quarter repeat one of 200 common questions
 * word for word, a tenth are one of them with a word added (near duplicates), the rest are distinct
 * (12–40 words drawn from a 3,000-word vocabulary).
 */
function* generate(n) {
  const rand = rng(11);
  const start = Date.UTC(2025, 0, 1);
  const vocabulary = Array.from({ length: 3000 }, (_, k) => `w${k.toString(36)}`);
  const words = (count) => Array.from({ length: count }, () => vocabulary[Math.floor(rand() * vocabulary.length)]).join(' ');
  const common = Array.from({ length: 200 }, () => `how do i ${words(8)}?`);
  for (let i = 0; i < n; i++) {
    const [provider, model, feature] = MODELS[Math.floor(rand() * MODELS.length)];
    const prompt = feature === 'classify' ? 300 + Math.floor(rand() * 900) : 1500 + Math.floor(rand() * 6000);
    const output = 20 + Math.floor(rand() * (feature === 'chat' ? 2000 : 900));
    const kind = rand();
    const question = common[Math.floor(rand() * common.length)];
    yield {
      ts: start + Math.floor(i * ((90 * 86_400_000) / n)),
      provider,
      model,
      feature,
      user: `u-${i % 211}`,
      input: prompt,
      output,
      promptText: kind < 0.25 ? question : kind < 0.35 ? `${question} ${words(1)}` : words(12 + Math.floor(rand() * 29)),
    };
  }
}

async function writeCsv(path, n) {
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  let buf = 'timestamp,provider,model,input_tokens,output_tokens,requests,feature,user,request_id\n';
  let i = 0;
  for (const r of generate(n)) {
    buf += `${new Date(r.ts).toISOString()},${r.provider},${r.model},${r.input},${r.output},1,${r.feature},${r.user},sim-${i++}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise((resolve) => out.once('drain', resolve));
      buf = '';
    }
  }
  out.write(buf);
  await new Promise((resolve) => out.end(resolve));
}

/** Child: builds an in-memory history with prompt text and runs the scenario with the pure core. */
async function engineChild(n) {
  const dist = (p) => pathToFileURL(join(root, 'dist', p)).href;
  const { loadCatalog } = await import(dist('catalog/load.js'));
  const { resolveModel } = await import(dist('catalog/catalog.js'));
  const { History } = await import(dist('simulate/history.js'));
  const { parseScenarioText } = await import(dist('simulate/scenario-file.js'));
  const { simulate } = await import(dist('simulate/simulate.js'));
  const catalog = loadCatalog();
  const ids = new Map();
  const resolve = (m, p) => {
    const k = `${p}/${m}`;
    if (!ids.has(k)) ids.set(k, resolveModel(catalog, m, p)?.id ?? null);
    return ids.get(k);
  };
  const started = process.hrtime.bigint();
  const h = new History(n);
  for (const r of generate(n)) h.addRecord(r, resolve);
  h.finish('UTC');
  const built = process.hrtime.bigint();
  const scenario = parseScenarioText(SCENARIO, 'bench scenario', { knowsModel: (id) => resolveModel(catalog, id) !== undefined });
  const doc = simulate(h, scenario, {
    engine: { priceOf: (id) => resolveModel(catalog, id), resolveId: (id) => resolveModel(catalog, id)?.id, groupBy: 'feature' },
    resamples: 1000,
    seed: 42,
    alone: true,
    sweep: true,
    scope: { files: null, since: null, until: null, tz: 'UTC', where: [] },
    catalog: { snapshot: catalog.snapshot, layers: catalog.layers },
  });
  const done = process.hrtime.bigint();
  process.stdout.write(
    `${JSON.stringify({ buildSeconds: Number(built - started) / 1e9, simulateSeconds: Number(done - built) / 1e9, maxRssKb: process.resourceUsage().maxRSS, requests: doc.requests, savingsPercent: doc.savings.percent, semanticHitRate: doc.semanticCache.hitRate })}\n`,
  );
}

function node(args, env = {}) {
  const rssFile = join(tmp, 'simulate-rss.txt');
  rmSync(rssFile, { force: true });
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    maxBuffer: 256 << 20,
    env: { ...process.env, TZ: 'UTC', NO_COLOR: '1', LLMCOST_BENCH_RSS_FILE: rssFile, ...env },
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const rssKb = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : undefined;
  return { seconds, rssMb: rssKb === undefined ? undefined : rssKb / 1024, stdout: r.stdout };
}

export async function run() {
  const n = Number(process.env.LLMCOST_BENCH_SIM_RECORDS ?? 1_000_000);
  mkdirSync(tmp, { recursive: true });
  const csv = join(tmp, `simulate-${n}.csv`);
  if (!existsSync(csv)) {
    await writeCsv(`${csv}.part`, n);
    renameSync(`${csv}.part`, csv);
  }
  const db = join(tmp, 'simulate.db');
  for (const s of ['', '-wal', '-shm']) rmSync(db + s, { force: true });
  const scenarioFile = join(tmp, 'simulate-scenario.yaml');
  writeFileSync(scenarioFile, SCENARIO);
  const measure = join(here, 'measure.mjs');
  const ingest = node([measure, '--db', db, 'ingest', csv]);
  const cli = node([measure, '--db', db, 'simulate', '--scenario', scenarioFile, '--format', 'json']);
  const doc = JSON.parse(cli.stdout);
  if (doc.requests !== n) throw new Error(`simulate counted ${doc.requests} requests, expected ${n}`);
  for (const s of ['', '-wal', '-shm']) rmSync(db + s, { force: true });
  const child = node([fileURLToPath(import.meta.url), '--engine-child', String(n)]);
  const engine = JSON.parse(child.stdout.trim().split('\n').pop());

  const fmt = (x, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  const lines = [
    '',
    `simulate, every lever, ${fmt(n)} records (node ${process.version})`,
    `  ingest of the generated CSV          ${fmt(ingest.seconds, 1).padStart(6)} s  peak RSS ${fmt(ingest.rssMb).padStart(5)} MiB`,
    `  llmcost simulate (built CLI)         ${fmt(cli.seconds, 1).padStart(6)} s  peak RSS ${fmt(cli.rssMb).padStart(5)} MiB  (process start, read, combined run, each lever alone, bootstrap; savings ${fmt(doc.savings.percent, 1)}%; semantic cache: ${doc.semanticCache.reason})`,
    `  in-process core with prompt text     ${fmt(engine.simulateSeconds, 1).padStart(6)} s  peak RSS ${fmt(engine.maxRssKb / 1024).padStart(5)} MiB  (history built in ${fmt(engine.buildSeconds, 1)} s; semantic cache hit rate ${fmt(engine.semanticHitRate * 100, 1)}% at 0.9, sweep of 3 thresholds)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (process.argv[2] === '--engine-child') await engineChild(Number(process.argv[3]));
else if (process.argv[1] === fileURLToPath(import.meta.url)) await run();
