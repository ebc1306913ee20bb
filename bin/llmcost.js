#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

const code = await main(process.argv);
// Let stdout drain before exiting (large reports piped to another program).
process.exitCode = code;
