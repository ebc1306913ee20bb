import type { Command } from 'commander';
import * as agentViews from './agent-views.js';
import * as audit from './audit.js';
import * as catalog from './catalog.js';
import * as check from './check.js';
import * as compare from './compare.js';
import * as completion from './completion.js';
import * as compress from './compress.js';
import * as db from './db.js';
import * as exportRecords from './export.js';
import * as ingest from './ingest.js';
import * as simulate from './simulate.js';
import * as statusline from './statusline.js';
import * as tokens from './tokens.js';

/**
 * A command: it adds its words, options and action to the program. The module holds only that and the
 * command's typed function; what the command runs is imported when it runs, so --help and --version stay fast.
 */
export interface CommandModule {
  register(program: Command): void;
}

/** Every command, in the order --help lists them. */
export const COMMANDS: readonly CommandModule[] = [
  audit,
  ingest,
  catalog,
  simulate,
  tokens,
  compress,
  compare,
  check,
  agentViews,
  statusline,
  db,
  exportRecords,
  completion,
];
