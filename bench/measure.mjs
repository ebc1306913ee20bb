// Runs the built CLI in this process and, at exit, writes its peak RSS (KiB; worker threads included,
// they share the process) to the file named by LLMCOST_BENCH_RSS_FILE.
import { writeFileSync } from 'node:fs';
import { main } from '../dist/cli/main.js';

const out = process.env.LLMCOST_BENCH_RSS_FILE;
process.on('exit', () => {
  if (out) writeFileSync(out, String(process.resourceUsage().maxRSS));
});
process.exitCode = await main(process.argv);
