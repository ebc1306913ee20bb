// `npm run bench`: ingest generated OpenAI response logs into fresh databases with llmcost and with a plain
// reference ingest, in separate processes, and print records/s, peak RSS and the time of a full audit; then
// a CSV source, a Claude Code folder of 1,000 session files, and peak RSS on a 2 GB JSON-lines file.
// Sizes: LLMCOST_BENCH_LINES (default 1000000); a quarter-size run shows whether memory stays flat.
// LLMCOST_BENCH_BIG=0 leaves out the 2 GB file (it needs 2 GB of free disk in bench/tmp for a minute).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { rebuildRollups } from '../dist/db/sums.js';
import { generateClaudeCodeDir, generateGenericCsv, generateOpenAILog } from './generate.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const tmp = join(here, 'tmp');
mkdirSync(tmp, { recursive: true });
const lines = Number(process.env.LLMCOST_BENCH_LINES ?? 1_000_000);
const sizes = [Math.round(lines / 4), lines];

function fresh(db) {
  for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
}

/** Runs `node args`, returns wall seconds and the child's peak RSS in MiB. */
function timed(args, env = {}) {
  const rssFile = join(tmp, 'rss.txt');
  rmSync(rssFile, { force: true });
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env: { ...process.env, TZ: 'UTC', NO_COLOR: '1', LLMCOST_BENCH_RSS_FILE: rssFile, ...env },
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  let rssKb;
  if (existsSync(rssFile)) rssKb = Number(readFileSync(rssFile, 'utf8'));
  else rssKb = JSON.parse(r.stdout.trim().split('\n').pop()).maxRssKb;
  return { seconds, rssMb: rssKb / 1024, stdout: r.stdout };
}

const measure = join(here, 'measure.mjs');
const rows = [];
let tenfold;

/** Copies every record `times − 1` more times, each copy 90 days later with its own id, then rebuilds the rollups. */
function multiplyHistory(path, times) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  const cols =
    'source_id, ts, provider, model, model_id, input_tokens, cache_read_tokens, cache_write_5m_tokens, cache_write_1h_tokens, output_tokens, reasoning_tokens, requests, batch, service_tier, long_context, reported_cost_usd, cost_usd, project, user, api_key, feature, tags';
  db.transaction(() => {
    for (let k = 1; k < times; k++) {
      db.prepare(
        `INSERT INTO records (key, id, ${cols}) SELECT (key + ${k} * 1000000007) % 9007199254740991, id || '#copy${k}', ${cols.replace('ts,', `ts + ${k} * 7776000000,`)} FROM records WHERE id NOT LIKE '%#copy%'`,
      ).run();
    }
    rebuildRollups(db);
  })();
  db.close();
}
for (const n of sizes) {
  const file = join(tmp, `openai-${n}.jsonl`);
  if (!existsSync(file)) {
    process.stderr.write(`generating ${n.toLocaleString('en-US')} lines → ${file}\n`);
    await generateOpenAILog(`${file}.part`, n, 1);
    renameSync(`${file}.part`, file);
  }
  const mb = statSync(file).size / (1 << 20);

  const refDb = join(tmp, 'reference.db');
  fresh(refDb);
  const ref = timed([join(here, 'reference.mjs'), file, refDb]);
  fresh(refDb);

  const db = join(tmp, 'llmcost.db');
  fresh(db);
  const ingest = timed([measure, '--db', db, 'ingest', '--format', 'openai', file]);
  const detected = (() => {
    fresh(db);
    return timed([measure, '--db', db, 'ingest', file]);
  })();
  const reingest = timed([measure, '--db', db, 'ingest', file]);
  const audit = timed([measure, '--db', db, 'audit', '--format', 'json']);
  const report = JSON.parse(audit.stdout);
  if (report.totals.requests !== n) throw new Error(`audit counted ${report.totals.requests} requests, expected ${n}`);
  if (n === lines) {
    // Ten copies of the 1M history (shifted by 90 days each) make the 10M database the audit is timed on.
    const big = join(tmp, 'llmcost-10x.db');
    fresh(big);
    copyFileSync(db, big);
    multiplyHistory(big, 10);
    const audit10 = timed([measure, '--db', big, 'audit', '--format', 'json']);
    const r10 = JSON.parse(audit10.stdout);
    if (r10.totals.requests !== 10 * n) throw new Error(`audit counted ${r10.totals.requests} requests, expected ${10 * n}`);
    tenfold = { n: 10 * n, audit: audit10 };
    fresh(big);
  }
  fresh(db);

  rows.push({ n, mb, ref, ingest, detected, reingest, audit });
}

const fmt = (x, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const out = [];
out.push(`node ${process.version}, ${process.platform}/${process.arch}`);
for (const r of rows) {
  const refRate = r.n / r.ref.seconds;
  const rate = r.n / r.detected.seconds;
  out.push('');
  out.push(`${fmt(r.n)} lines (${fmt(r.mb, 0)} MiB)`);
  out.push(
    `  reference ingest          ${fmt(r.ref.seconds, 2).padStart(7)} s  ${fmt(refRate).padStart(9)} records/s  peak RSS ${fmt(r.ref.rssMb).padStart(4)} MiB`,
  );
  out.push(
    `  llmcost ingest (detected) ${fmt(r.detected.seconds, 2).padStart(7)} s  ${fmt(rate).padStart(9)} records/s  peak RSS ${fmt(r.detected.rssMb).padStart(4)} MiB  (${fmt(rate / refRate, 2)}× reference)`,
  );
  out.push(
    `  llmcost ingest --format   ${fmt(r.ingest.seconds, 2).padStart(7)} s  ${fmt(r.n / r.ingest.seconds).padStart(9)} records/s  peak RSS ${fmt(r.ingest.rssMb).padStart(4)} MiB`,
  );
  out.push(`  llmcost re-ingest (dupe)  ${fmt(r.reingest.seconds, 2).padStart(7)} s`);
  out.push(`  llmcost audit, all sections ${fmt(r.audit.seconds, 2).padStart(5)} s  (process start included)  peak RSS ${fmt(r.audit.rssMb).padStart(4)} MiB`);
}
if (tenfold) {
  out.push('');
  out.push(`${fmt(tenfold.n)} records (ten copies of the 1M history): full audit ${fmt(tenfold.audit.seconds, 2)} s, peak RSS ${fmt(tenfold.audit.rssMb)} MiB`);
}
const [small, big] = rows;
if (small && big && small !== big) {
  out.push('');
  out.push(`RSS growth from ${fmt(small.n)} to ${fmt(big.n)} lines: ${fmt(big.detected.rssMb - small.detected.rssMb)} MiB`);
}
process.stdout.write(`${out.join('\n')}\n`);

/** Ingests `path` (file or folder) into a fresh database; returns seconds, RSS and the records added. */
function ingestOnce(path) {
  const db = join(tmp, 'llmcost.db');
  fresh(db);
  const r = timed([measure, '--db', db, 'ingest', path, '--json']);
  fresh(db);
  const doc = JSON.parse(r.stdout);
  return { ...r, added: doc.totals.added, formats: [...new Set(doc.files.map((f) => f.format))].join(', ') };
}

const more = [''];
const csvRows = Math.round(lines / 2);
const csvFile = join(tmp, `generic-${csvRows}.csv`);
if (!existsSync(csvFile) || statSync(csvFile).size === 0) {
  // Written under a temporary name first, so an interrupted run never leaves a short file behind.
  await generateGenericCsv(`${csvFile}.part`, csvRows);
  renameSync(`${csvFile}.part`, csvFile);
}
const csv = ingestOnce(csvFile);
more.push(
  `CSV source (${csv.formats}, ${fmt(csvRows)} rows, ${fmt(statSync(csvFile).size / (1 << 20))} MiB): ${fmt(csv.seconds, 2)} s, ${fmt(csv.added / csv.seconds)} records/s, peak RSS ${fmt(csv.rssMb)} MiB`,
);

const ccDir = join(tmp, 'claude-code');
rmSync(ccDir, { recursive: true, force: true });
await generateClaudeCodeDir(ccDir, 1000, 50);
const cc = ingestOnce(ccDir);
rmSync(ccDir, { recursive: true, force: true });
more.push(
  `Claude Code folder (${cc.formats}, 1,000 files, 100,000 lines → 50,000 responses): ${fmt(cc.seconds, 2)} s, ${fmt(cc.added / cc.seconds)} records/s, peak RSS ${fmt(cc.rssMb)} MiB`,
);
process.stdout.write(`${more.join('\n')}\n`);

if (process.env.LLMCOST_BENCH_BIG !== '0') {
  const bigLines = Math.ceil((2 * 1024 ** 3) / (statSync(join(tmp, `openai-${lines}.jsonl`)).size / lines));
  const bigFile = join(tmp, 'openai-2gb.jsonl');
  await generateOpenAILog(bigFile, bigLines, 7);
  const gb = statSync(bigFile).size / 1024 ** 3;
  const b = ingestOnce(bigFile);
  rmSync(bigFile, { force: true });
  process.stdout.write(
    `\n${fmt(gb, 2)} GiB JSON lines (${fmt(bigLines)} lines, generated for this run): ${fmt(b.seconds, 1)} s, ${fmt(b.added / b.seconds)} records/s, peak RSS ${fmt(b.rssMb)} MiB\n`,
  );
}

// The commands' own benchmarks: start-up (and tokens memory), prompts (counting speed, compression), check, simulate, ingest with prompt fingerprints, and the agent views.
for (const name of ['start', 'prompt', 'check', 'simulate', 'fingerprints', 'agents']) {
  process.stdout.write(`\n== ${name} ==\n`);
  const mod = await import(`./${name}.mjs`);
  await mod.run();
}
