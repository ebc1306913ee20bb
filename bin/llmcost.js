#!/usr/bin/env node
// The version check runs before anything else is loaded: on an older Node the native SQLite binding
// and the CLI's dependencies fail in ways that say nothing useful (or crash the process outright).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `llmcost: this is Node.js ${process.versions.node}; llmcost needs Node.js 22.18 or newer (22 LTS or 24 LTS), so install one of those and run it again.\n`,
  );
  process.exit(2);
}
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // `llmcost --version` alone, as scripts and bug reports ask it: the version, without loading the program
  // (commander prints the same line for any other spelling, e.g. after a global option).
  const { readFileSync } = await import('node:fs');
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  // V8's compiled code of llmcost and its dependencies, kept between runs (README "Performance"): a start
  // skips most of the compiling. In the user's cache folder, never a shared one such as /tmp; where it cannot
  // be made Node goes on without it. LLMCOST_COMPILE_CACHE=0 (or NODE_DISABLE_COMPILE_CACHE=1) turns it off.
  if (process.env.LLMCOST_COMPILE_CACHE !== '0') {
    const { enableCompileCache } = await import('node:module');
    const { mkdirSync } = await import('node:fs');
    const { homedir } = await import('node:os');
    const { join } = await import('node:path');
    const cacheHome = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
    const dir = join(cacheHome, 'llmcost', 'compile-cache');
    try {
      // One level at a time: Node's recursive mkdir never returns under a folder such as /proc.
      for (const d of [cacheHome, join(cacheHome, 'llmcost'), dir]) {
        try {
          mkdirSync(d);
        } catch (err) {
          if (err.code !== 'EEXIST') throw err;
        }
      }
      enableCompileCache?.(dir);
    } catch {
      // A cache that cannot be made only costs speed.
    }
  }
  const { main } = await import('../dist/cli/main.js');
  // Let stdout drain before exiting (large reports piped to another program).
  process.exitCode = await main(process.argv);
}
