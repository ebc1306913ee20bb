// Start-up and `llmcost tokens` memory (issue 16). Start times are paired, interleaved runs against `node -e 0`
// on the same machine (other load affects both alike): the median of each and the median of the per-pair
// ratios, next to the targets (0.12 s and 0.25 s when `node -e 0` took 0.097 s, as ratios). The
// compile cache (bin/llmcost.js) is warm, as it is from a user's second run; "no cache" turns it off.
// Then the peak RSS of `llmcost tokens` over 2,000 and over 20,000 generated prompt files of ~2 KB: flat
// memory in the number of files is a ratio near 1 (rows are kept for the report; contents never are).
// Runs: LLMCOST_BENCH_START_RUNS (default 21). Needs `npm run build` first.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const tmp = join(here, 'tmp');
const bin = join(root, 'bin', 'llmcost.js');
const measure = join(here, 'measure.mjs');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// The child's own CPU time (user + system, from its start), written at exit by a preloaded module: unlike
// the wall time it hardly moves when other jobs load the machine. Preloaded in \`node -e 0\` as well.
const cpuFile = join(tmp, 'start-cpu.txt');
const cpuHook = join(tmp, 'start-cpu-hook.mjs');

/** Runs `node args`: wall and CPU milliseconds. */
function wall(args, env = {}) {
  rmSync(cpuFile, { force: true });
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(cpuHook).href, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, cpu: Number(readFileSync(cpuFile, 'utf8')) / 1000 };
}

function startTimes(runs) {
  writeFileSync(
    cpuHook,
    `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => { const u = process.cpuUsage(); writeFileSync(${JSON.stringify(cpuFile)}, String(u.user + u.system)); });\n`,
  );
  const small = join(tmp, 'start-small.txt');
  writeFileSync(small, 'You are a helpful assistant. Answer in one short paragraph.\n');
  const cases = [
    { label: '--version', args: [bin, '--version'], target: 0.12 },
    { label: 'audit --help', args: [bin, 'audit', '--help'], target: 0.12 },
    { label: 'tokens small.txt', args: [bin, '--db', ':memory:', 'tokens', small], target: 0.25 },
    { label: 'tokens small.txt, no cache', args: [bin, '--db', ':memory:', 'tokens', small], env: { LLMCOST_COMPILE_CACHE: '0' } },
  ];
  // Warm-up: the compile cache is written by the first run, and the files are in the page cache.
  for (const c of cases) wall(c.args, c.env);
  const base = [];
  const times = cases.map(() => []);
  for (let i = 0; i < runs; i++) {
    base.push(wall(['-e', '0']));
    cases.forEach((c, j) => {
      times[j].push(wall(c.args, c.env));
    });
  }
  console.log(`Start-up, ${runs} paired runs each: wall and CPU time (medians; ratio = median of the per-pair ratios to \`node -e 0\`)`);
  const ms = (xs, k) =>
    median(xs.map((x) => x[k]))
      .toFixed(1)
      .padStart(7);
  console.log(`  ${'node -e 0'.padEnd(36)} wall ${ms(base, 'ms')} ms         CPU ${ms(base, 'cpu')} ms`);
  cases.forEach((c, j) => {
    const ratio = (k) => median(times[j].map((t, i) => t[k] / base[i][k]));
    // The targets were set when `node -e 0` took 0.097 s: as ratios, 0.12 / 0.097 and 0.25 / 0.097.
    const target = c.target ? `  target ${(c.target / 0.097).toFixed(2)}×` : '';
    console.log(
      `  llmcost ${c.label.padEnd(28)} wall ${ms(times[j], 'ms')} ms ${ratio('ms').toFixed(2)}×  CPU ${ms(times[j], 'cpu')} ms ${ratio('cpu').toFixed(2)}×${target}`,
    );
  });
}

/** `count` prompt files of ~2 KB, each with its own numbers (so no two files are the same text). */
function promptFiles(dir, count) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const para = 'Classify the support ticket below into billing, bug, question or refund, and answer in JSON only. ';
  for (let i = 0; i < count; i++) writeFileSync(join(dir, `p${String(i).padStart(6, '0')}.txt`), `Ticket ${i}: ${para.repeat(20)} Order ${i * 7919}.\n`);
}

function tokensRss(count) {
  const dir = join(tmp, `tokens-${count}`);
  promptFiles(dir, count);
  const rssFile = join(tmp, 'start-rss.txt');
  rmSync(rssFile, { force: true });
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [measure, '--db', ':memory:', 'tokens', dir, '--format', 'csv'], {
    encoding: 'utf8',
    maxBuffer: 512 << 20,
    env: { ...process.env, NO_COLOR: '1', LLMCOST_BENCH_RSS_FILE: rssFile },
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`llmcost tokens exited ${r.status}: ${r.stderr}`);
  rmSync(dir, { recursive: true, force: true });
  return { seconds, rssMb: Number(readFileSync(rssFile, 'utf8')) / 1024 };
}

export async function run() {
  mkdirSync(tmp, { recursive: true });
  startTimes(Number(process.env.LLMCOST_BENCH_START_RUNS ?? 21));
  const few = tokensRss(2_000);
  const many = tokensRss(20_000);
  console.log('\n`llmcost tokens` over generated prompt files of ~2 KB (one file read at a time)');
  console.log(`  2,000 files   ${few.seconds.toFixed(2).padStart(6)} s  peak RSS ${few.rssMb.toFixed(0).padStart(4)} MiB`);
  console.log(`  20,000 files  ${many.seconds.toFixed(2).padStart(6)} s  peak RSS ${many.rssMb.toFixed(0).padStart(4)} MiB`);
  console.log(`  RSS ratio 20,000 / 2,000 files: ${(many.rssMb / few.rssMb).toFixed(2)} (flat: near 1; ten times the contents would be ~40 MiB more)`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await run();
