// `llmcost tokens` / `compress` figures: (1) the corpus of fixtures/prompts through the compression passes
// (median and mean share of o200k_base tokens each pass removes, and overall; the spans of each prompt's list
// in fixtures/prompt-spans/spans.json that survive); (2) counting speed on a 5 MB
// text and on 100,000 short prompts, llmcost's memoized counter against gpt-tokenizer's countTokens (when
// installed) and plain js-tiktoken, in this one process, after checking that every count is identical;
// (3) the wall time of `llmcost tokens` on one file, process start included. Needs `npm run build` first.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';
import { PASSES } from '../dist/prompt/passes/index.js';
import { compressChat } from '../dist/prompt/chat-compress.js';
import { compressText } from '../dist/prompt/pipeline.js';
import { missingSpans } from '../dist/prompt/span-list.js';
import { getCounter } from '../dist/tokens/count.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const corpusDir = join(root, 'fixtures', 'prompts');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const pct = (x) => `${(x * 100).toFixed(1)}%`;

function corpusReduction(count, perPrompt = false) {
  const files = readdirSync(corpusDir).sort();
  const spanLists = JSON.parse(readFileSync(join(root, 'fixtures', 'prompt-spans', 'spans.json'), 'utf8'));
  const counters = new Map([['o200k_base', count]]);
  const runs = [
    { name: 'default passes', passes: new Set(PASSES.filter((p) => p.defaultOn).map((p) => p.id)) },
    { name: 'every pass (--tabular --keep-examples 2 --stopwords)', passes: new Set(PASSES.map((p) => p.id)) },
  ];
  console.log(`Corpus: ${files.length} prompts in fixtures/prompts, o200k_base tokens removed (share of each prompt's tokens);`);
  console.log('each prompt has its list of spans that must survive (fixtures/prompt-spans/spans.json)');
  for (const run of runs) {
    const perPass = new Map(PASSES.map((p) => [p.id, []]));
    const overall = [];
    let spans = 0;
    let kept = 0;
    const lost = [];
    const rows = [];
    for (const f of files) {
      const text = readFileSync(join(corpusDir, f), 'utf8');
      // As `llmcost compress` does: a chat-message file message by message, anything else as one text.
      const settings = { passes: run.passes, keepExamples: 2, targetTokens: null };
      const r = compressChat(text, settings, counters, 'o200k_base') ?? compressText(text, settings, counters, 'o200k_base');
      const before = r.before.o200k_base;
      for (const p of PASSES) perPass.get(p.id).push((r.passes.find((q) => q.id === p.id)?.saved.o200k_base ?? 0) / before);
      const share = (before - r.after.o200k_base) / before;
      overall.push(share);
      const list = spanLists[f] ?? [];
      const missing = missingSpans(text, r.output, list);
      spans += list.length;
      kept += list.length - missing.length;
      for (const m of missing) lost.push(`${f}: ${JSON.stringify(m)}`);
      rows.push(`      ${f.padEnd(36)} ${String(before).padStart(5)} → ${String(r.after.o200k_base).padStart(5)}  ${pct(share).padStart(6)}`);
    }
    console.log(`  ${run.name}:`);
    for (const p of PASSES) {
      if (!run.passes.has(p.id)) continue;
      const xs = perPass.get(p.id);
      const where = xs.filter((x) => x > 0);
      const on = where.length === 0 ? '' : `  (saves on ${where.length}, mean ${pct(mean(where))} there)`;
      console.log(`    ${p.label.padEnd(44)} median ${pct(median(xs)).padStart(6)}  mean ${pct(mean(xs)).padStart(6)}${on}`);
    }
    const over = overall.filter((x) => x >= 0.15).length;
    console.log(
      `    ${'overall'.padEnd(44)} median ${pct(median(overall)).padStart(6)}  mean ${pct(mean(overall)).padStart(6)}  (${over} of ${files.length} prompts at 15% or more)`,
    );
    console.log(`    ${'spans kept'.padEnd(44)} ${kept} of ${spans}${lost.length === 0 ? '' : `; lost: ${lost.join(', ')}`}`);
    if (perPrompt) console.log(rows.join('\n'));
  }
}

/** Seeded text with a large vocabulary: corpus sentences with made-up words and numbers mixed in, so the memo is not flattered by repetition. */
function generator(seed) {
  let a = seed >>> 0;
  const r = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const sentences = readdirSync(corpusDir)
    .flatMap((f) => readFileSync(join(corpusDir, f), 'utf8').split(/(?<=[.!?])\s+|\n+/))
    .filter((s) => s.length > 10);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const word = () => Array.from({ length: 3 + Math.floor(r() * 8) }, () => letters[Math.floor(r() * 26)]).join('');
  const sentence = () =>
    sentences[Math.floor(r() * sentences.length)]
      .split(' ')
      .map((w) => (r() < 0.1 ? word() : r() < 0.03 ? String(Math.floor(r() * 1e6)) : w))
      .join(' ');
  return { r, sentence };
}

function bigText(bytes) {
  const g = generator(1);
  const parts = [];
  let n = 0;
  while (n < bytes) {
    const s = g.sentence() + (g.r() < 0.2 ? '\n\n' : ' ');
    parts.push(s);
    n += Buffer.byteLength(s);
  }
  return parts.join('');
}

function shortPrompts(count) {
  const g = generator(2);
  return Array.from({ length: count }, () => Array.from({ length: 1 + Math.floor(g.r() * 3) }, g.sentence).join(' '));
}

function timed(label, f) {
  const start = process.hrtime.bigint();
  const total = f();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { label, seconds, total };
}

async function countingSpeed() {
  const ours = await getCounter('o200k_base');
  let gpt = null;
  try {
    gpt = (await import('gpt-tokenizer/encoding/o200k_base')).countTokens;
  } catch {
    console.log('gpt-tokenizer is not installed: comparing with js-tiktoken only.');
  }
  const tiktoken = new Tiktoken(o200k);
  const big = bigText(5 * 1024 * 1024);
  const shorts = shortPrompts(100_000);
  const shortChars = shorts.reduce((n, s) => n + s.length, 0);
  const inputs = [
    { name: `5 MB text (${(Buffer.byteLength(big) / 1048576).toFixed(1)} MiB)`, run: (count) => count(big) },
    {
      name: `100,000 short prompts (${(shortChars / shorts.length).toFixed(0)} characters each on average)`,
      run: (count) => shorts.reduce((n, s) => n + count(s), 0),
    },
  ];
  console.log('\nCounting o200k_base tokens (same inputs, same process; "again" = a second pass over the same input)');
  for (const input of inputs) {
    const rows = [];
    rows.push(timed('js-tiktoken encode().length', () => input.run((t) => tiktoken.encode(t, [], []).length)));
    const reference = rows[0].total;
    rows.push(timed('llmcost (memoized pieces)', () => input.run(ours)));
    rows.push(timed('llmcost, again', () => input.run(ours)));
    if (gpt) {
      rows.push(timed('gpt-tokenizer countTokens', () => input.run((t) => gpt(t))));
      rows.push(timed('gpt-tokenizer, again', () => input.run((t) => gpt(t))));
    }
    for (const row of rows)
      if (row.total !== reference && !row.label.startsWith('gpt')) throw new Error(`${row.label} counted ${row.total}, js-tiktoken ${reference}`);
    console.log(`  ${input.name}: ${reference.toLocaleString('en-US')} tokens (llmcost equals js-tiktoken exactly)`);
    for (const row of rows) {
      const same = row.total === reference ? '' : `  (counts ${row.total.toLocaleString('en-US')})`;
      console.log(
        `    ${row.label.padEnd(30)} ${row.seconds.toFixed(2).padStart(6)} s  ${Math.round(reference / row.seconds)
          .toLocaleString('en-US')
          .padStart(12)} tokens/s${same}`,
      );
    }
  }
}

function startup() {
  const file = join(corpusDir, '01-support-system.txt');
  const times = [];
  for (let i = 0; i < 7; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [join(root, 'bin', 'llmcost.js'), '--db', ':memory:', 'tokens', file], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    if (r.status !== 0) throw new Error(`llmcost tokens failed: ${r.stderr}`);
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  console.log(
    `\n\`llmcost tokens\` on one file (process start included, 7 runs): median ${median(times).toFixed(3)} s, fastest ${Math.min(...times).toFixed(3)} s`,
  );
}

export async function run() {
  console.log('== prompt: tokens, compress ==');
  corpusReduction(await getCounter('o200k_base'));
  await countingSpeed();
  startup();
}

// `node bench/prompt.mjs --compress` prints only the compression figures (no counting speed, no start-up);
// `--prompts` adds each prompt's figures.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--compress')) corpusReduction(await getCounter('o200k_base'), process.argv.includes('--prompts'));
  else await run();
}
