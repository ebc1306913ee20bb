// `llmcost check` timings: spend budgets over a history of LLMCOST_BENCH_CHECK_ROWS records (default
// 1,000,000; 90 days of generic CSV rows), from the rollups (model/provider budgets) and from the records
// (feature/project/user budgets); prompt budgets over 500 prompt files; and --base over the same files in
// a git repository with 100 of them changed. Each run is its own process, start-up included.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateGenericCsv } from './generate.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const tmp = join(here, 'tmp');
const measure = join(here, 'measure.mjs');
const FILES = 500;
const CHANGED = 100;

/** Runs the built CLI in `cwd`; returns wall seconds and peak RSS in MiB. */
function timed(args, cwd, okCodes = [0]) {
  const rssFile = join(tmp, 'check-rss.txt');
  rmSync(rssFile, { force: true });
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [measure, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 256 << 20,
    env: { ...process.env, TZ: 'UTC', NO_COLOR: '1', LLMCOST_NOW: '2025-03-31T12:00:00Z', LLMCOST_BENCH_RSS_FILE: rssFile },
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (!okCodes.includes(r.status)) throw new Error(`llmcost ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { seconds, rssMb: Number(readFileSync(rssFile, 'utf8')) / 1024, stdout: r.stdout };
}

function git(cwd, ...args) {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
}

/** A prompt of about 2,000 tokens whose words depend on `seed`. */
function prompt(seed, extra = 0) {
  const words = ['classify', 'the', 'ticket', 'below', 'into', 'billing', 'bug', 'question', 'refund', 'answer', 'json', 'only'];
  let s = '';
  for (let i = 0; i < 2000 + extra; i++) s += `${words[(i * 7 + seed) % words.length]}${i % 20 === 19 ? '\n' : ' '}`;
  return s;
}

export async function run() {
  mkdirSync(tmp, { recursive: true });
  const rows = Number(process.env.LLMCOST_BENCH_CHECK_ROWS ?? 1_000_000);
  const csv = join(tmp, `check-${rows}.csv`);
  if (!existsSync(csv) || statSync(csv).size === 0) {
    await generateGenericCsv(`${csv}.part`, rows, 7);
    renameSync(`${csv}.part`, csv);
  }
  const repo = join(tmp, 'check-repo');
  rmSync(repo, { recursive: true, force: true });
  mkdirSync(join(repo, 'prompts'), { recursive: true });
  const db = join(tmp, 'check.db');
  for (const s of ['', '-wal', '-shm']) rmSync(db + s, { force: true });
  const ingest = timed(['--db', db, 'ingest', csv], repo);

  // The generated history runs Jan 1 – Mar 31, 2025; now is Mar 31, 12:00.
  writeFileSync(
    join(repo, 'llmcost.config.yaml'),
    `budgets:
  - {name: total, projected: true, fail: 1000000}
  - {name: per-model, per: model, fail: 1000000}
  - {name: openai-week, period: week, scope: {provider: openai}, fail: 1000000}
  - {name: per-feature, per: feature, fail: 1000000}
  - {name: per-user, per: user, period: 7d, fail: 1000000}
  - {name: project, scope: {project: p-1}, fail: 1000000}
  - {name: size, kind: prompt, files: "prompts/*.txt", model: gpt-4o, fail: 1000000}
  - {name: monthly, kind: prompt, files: "prompts/*.txt", metric: monthlyCost, model: gpt-4o, feature: f-1, fail: 1000000}
  - {name: growth, kind: diff, per: file, files: "prompts/*.txt", model: gpt-4o, callsPerDay: 1000, fail: 1000000}
`,
  );
  for (let i = 0; i < FILES; i++) writeFileSync(join(repo, 'prompts', `p${i}.txt`), prompt(i));
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, '-c', 'user.email=b@b', '-c', 'user.name=b', 'add', '-A');
  git(repo, '-c', 'user.email=b@b', '-c', 'user.name=b', 'commit', '-qm', 'base');
  for (let i = 0; i < CHANGED; i++) writeFileSync(join(repo, 'prompts', `p${i}.txt`), prompt(i, 50));

  const only = (...names) => names.flatMap((n) => ['--budget', n]);
  const rollups = timed(['--db', db, 'check', '--format', 'json', ...only('total', 'per-model', 'openai-week')], repo);
  const records = timed(['--db', db, 'check', '--format', 'json', ...only('per-feature', 'per-user', 'project')], repo);
  const prompts = timed(['--db', db, 'check', '--format', 'json', ...only('size', 'monthly')], repo);
  const diff = timed(['--db', db, 'check', '--format', 'json', '--base', 'main', ...only('growth')], repo);
  const changed = JSON.parse(diff.stdout).budgets[0].checks.length;
  if (changed !== CHANGED) throw new Error(`the diff found ${changed} changed files, expected ${CHANGED}`);
  for (const s of ['', '-wal', '-shm']) rmSync(db + s, { force: true });
  rmSync(repo, { recursive: true, force: true });

  const fmt = (x, d = 2) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  const line = (label, r) => `  ${label.padEnd(52)} ${fmt(r.seconds).padStart(6)} s  peak RSS ${fmt(r.rssMb, 0).padStart(4)} MiB`;
  process.stdout.write(
    [
      '',
      `llmcost check (${rows.toLocaleString('en-US')} records; process start included)`,
      line('ingest (setup)', ingest),
      line('3 spend budgets by model/provider (rollups)', rollups),
      line('3 spend budgets by feature/user/project (records)', records),
      line(`2 prompt budgets × ${FILES} files of ~2K tokens`, prompts),
      line(`diff budget, --base, ${FILES} files (${CHANGED} changed)`, diff),
      '',
    ].join('\n'),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
