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
const { main } = await import('../dist/cli/main.js');

const code = await main(process.argv);
// Let stdout drain before exiting (large reports piped to another program).
process.exitCode = code;
