// `npm run bench`: ingest generated OpenAI response logs into fresh databases with llmcost and with a plain
// reference ingest, in separate processes, and print records/s, peak RSS and the time of a full audit.
// Sizes: LLMCOST_BENCH_LINES (default 1000000); a quarter-size run shows whether memory stays flat.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateOpenAILog } from './generate.mjs';

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
for (const n of sizes) {
  const file = join(tmp, `openai-${n}.jsonl`);
  if (!existsSync(file)) {
    process.stderr.write(`generating ${n.toLocaleString('en-US')} lines → ${file}\n`);
    await generateOpenAILog(file, n, 1);
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
  out.push(`  reference ingest          ${fmt(r.ref.seconds, 2).padStart(7)} s  ${fmt(refRate).padStart(9)} records/s  peak RSS ${fmt(r.ref.rssMb).padStart(4)} MiB`);
  out.push(`  llmcost ingest (detected) ${fmt(r.detected.seconds, 2).padStart(7)} s  ${fmt(rate).padStart(9)} records/s  peak RSS ${fmt(r.detected.rssMb).padStart(4)} MiB  (${fmt(rate / refRate, 2)}× reference)`);
  out.push(`  llmcost ingest --format   ${fmt(r.ingest.seconds, 2).padStart(7)} s  ${fmt(r.n / r.ingest.seconds).padStart(9)} records/s  peak RSS ${fmt(r.ingest.rssMb).padStart(4)} MiB`);
  out.push(`  llmcost re-ingest (dupe)  ${fmt(r.reingest.seconds, 2).padStart(7)} s`);
  out.push(`  llmcost audit (all)       ${fmt(r.audit.seconds, 2).padStart(7)} s  (process start included)  peak RSS ${fmt(r.audit.rssMb).padStart(4)} MiB`);
}
const [small, big] = rows;
if (small && big && small !== big) {
  out.push('');
  out.push(`RSS growth from ${fmt(small.n)} to ${fmt(big.n)} lines: ${fmt(big.detected.rssMb - small.detected.rssMb)} MiB`);
}
process.stdout.write(`${out.join('\n')}\n`);
