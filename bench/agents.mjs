// Coding-agent logs: a Claude Code folder of 1,000 session files (50 turns each), read by `llmcost daily` the
// first time (into a new database) and again (every file already read), and `llmcost ingest DIR` again; beside
// them ccusage's `daily --json --offline` on the same folder, when it can be fetched from npm (npx; its version
// from LLMCOST_BENCH_CCUSAGE, default 17.2.1, the last release that runs without a native binary here).
// Each figure is the median of three runs, llmcost and ccusage taking turns.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateClaudeCodeDir } from './generate.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const tmp = join(here, 'tmp');
const bin = join(here, '..', 'bin', 'llmcost.js');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function wall(cmd, args, env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 << 20, env: { ...process.env, TZ: 'UTC', NO_COLOR: '1', ...env } });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { seconds, ok: r.status === 0, why: (r.stderr || r.error?.message || '').trim().split('\n').pop() };
}

export async function run() {
  const config = join(tmp, 'claude-config');
  rmSync(config, { recursive: true, force: true });
  await generateClaudeCodeDir(join(config, 'projects'), 1000, 50);
  const env = { CLAUDE_CONFIG_DIR: config, CODEX_HOME: join(config, 'no-codex') };
  const db = join(tmp, 'agents.db');
  const llmcost = (args) => wall(process.execPath, [bin, '--db', db, ...args], env);
  const version = process.env.LLMCOST_BENCH_CCUSAGE ?? '17.2.1';
  const ccusage = () => wall('npx', ['--yes', `ccusage@${version}`, 'daily', '--json', '--offline'], env);

  const first = [];
  const again = [];
  const ingestAgain = [];
  const theirs = [];
  let unavailable;
  if (!ccusage().ok) unavailable = 'could not be run';
  for (let k = 0; k < 3; k++) {
    for (const s of ['', '-wal', '-shm', '-checked']) rmSync(db + s, { force: true });
    first.push(llmcost(['daily', '--json']).seconds);
    again.push(llmcost(['daily', '--json']).seconds);
    ingestAgain.push(llmcost(['ingest', join(config, 'projects')]).seconds);
    if (!unavailable) {
      const c = ccusage();
      if (c.ok) theirs.push(c.seconds);
      else unavailable = c.why;
    }
  }
  for (const s of ['', '-wal', '-shm', '-checked']) rmSync(db + s, { force: true });
  rmSync(config, { recursive: true, force: true });
  const ref = theirs.length > 0 ? median(theirs) : undefined;
  const vs = (x, target) => (ref === undefined ? '' : `: ${(x / ref).toFixed(2)}× ccusage (target ≤ ${target}×)`);
  const lines = [
    `Claude Code folder, 1,000 session files, 50,000 responses (medians of 3):`,
    `  ccusage ${version} daily --json --offline   ${ref === undefined ? `not measured (ccusage ${unavailable})` : `${ref.toFixed(2)} s`}`,
    `  llmcost daily --json, first read      ${median(first).toFixed(2)} s${vs(median(first), 1)}`,
    `  llmcost daily --json, again           ${median(again).toFixed(2)} s${vs(median(again), 0.3)}`,
    `  llmcost ingest DIR, again             ${median(ingestAgain).toFixed(2)} s${vs(median(ingestAgain), 0.3)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  mkdirSync(tmp, { recursive: true });
  await run();
}
