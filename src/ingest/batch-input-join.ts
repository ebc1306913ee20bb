import type { Statement } from 'better-sqlite3';
import type { Catalog } from '../catalog/catalog.js';
import { recordKey, scopedKey, type UsageStore } from '../db/store.js';
import type { Fingerprint } from '../usage/fingerprint.js';
import { UserError } from '../util/errors.js';
import { type BatchInputRead, type BatchInputSummary, type JoinedPrompts, readBatchInput, startJoin } from './batch-input.js';
import { chooseAdapter, readDetectHead, sampleFor, sniffContainer } from './detect.js';
import { Fingerprinter } from './fingerprint.js';
import { openaiBatchAdapter } from './formats/openai-batch.js';
import { openaiBatchInputAdapter } from './formats/openai-batch-input.js';
import type { BatchJoinCount, FileIngestResult } from './ingest.js';
import { STDIN, materializeInput } from './input-files.js';
import { readHead } from './lines.js';
import { createPreparer } from './prepare.js';
import { produceRecords } from './produce.js';

/**
 * The files of one ingest command that are OpenAI Batch input files: read first, their prompts fingerprinted by
 * custom_id (batch-input.ts), so that the output files of the same command (in any order) get them on their
 * records. An output stored before without its input gets the fingerprints added to its stored records.
 */

/** Where a file stands in a batch: its input (prompts), or its output (usage), or neither. */
export function batchRoleOf(path: string, forcedFormat: string | undefined): 'input' | 'output' | undefined {
  if (forcedFormat !== undefined) {
    if (forcedFormat === openaiBatchInputAdapter.name) return 'input';
    return forcedFormat === openaiBatchAdapter.name ? 'output' : undefined;
  }
  if (path === STDIN) return undefined;
  try {
    // Every batch line names its custom_id near its start: other files are passed at the cost of a 4 KiB read.
    if (!readHead(path, 4096).includes('custom_id')) return undefined;
    const head = readDetectHead(path);
    if (sniffContainer(head) !== 'jsonl') return undefined;
    const name = chooseAdapter(sampleFor('jsonl', head), path).name;
    return name === openaiBatchInputAdapter.name ? 'input' : name === openaiBatchAdapter.name ? 'output' : undefined;
  } catch {
    return undefined; // The ingest itself reports an unreadable or unrecognized file in its own words.
  }
}

/** The batch input files among a command's files, read into one join. */
export interface BatchPairing {
  inputs: Set<string>;
  joined: JoinedPrompts | undefined;
  reads: Map<string, BatchInputRead>;
  ambiguous: number;
}

/**
 * Finds and reads the batch input files among `files`. Undefined when there are none. Only input files, with
 * nothing to join them to, is a mistake said in one sentence; with --no-fingerprints they are recognized and left unread.
 */
export async function readBatchInputs(
  store: UsageStore,
  files: { path: string }[],
  opts: { format?: string; fingerprints?: boolean; storePrompts?: boolean; maxListed: number },
): Promise<BatchPairing | undefined> {
  const inputs = new Set(files.filter((f) => batchRoleOf(f.path, opts.format) === 'input').map((f) => f.path));
  if (inputs.size === 0) return undefined;
  if (inputs.size === files.length) {
    const [first] = inputs;
    throw new UserError(
      `${inputs.size === 1 ? `${first} is an OpenAI Batch input file: it holds` : `${[...inputs].join(', ')} are OpenAI Batch input files: they hold`} ` +
        'prompts but no usage, so give each together with its batch output file (llmcost ingest batch_input.jsonl batch_output.jsonl).',
    );
  }
  const reads = new Map<string, BatchInputRead>();
  if (opts.fingerprints === false) return { inputs, joined: undefined, reads, ambiguous: 0 };
  const state = startJoin(new Fingerprinter(store.promptSalt()), opts.storePrompts === true);
  for (const path of inputs) reads.set(path, await readBatchInput(path, state, opts.maxListed));
  return { inputs, joined: state.joined, reads, ambiguous: state.ambiguous.size };
}

/** An input file's summary once the command's outputs are ingested (their `batchJoin` counts). */
export function summarizeInput(pairing: BatchPairing, path: string, outputs: { file: string; batchJoin?: BatchJoinCount }[]): BatchInputSummary {
  const joinedRecords = outputs.reduce((n, o) => n + (o.batchJoin?.joined ?? 0), 0);
  const prompts = [...pairing.reads.values()].reduce((n, r) => n + r.prompts, 0) - pairing.ambiguous;
  return {
    prompts: pairing.reads.get(path)?.prompts ?? 0,
    read: pairing.joined !== undefined,
    joinedRecords,
    withoutRecord: Math.max(0, prompts - joinedRecords),
    ambiguous: pairing.ambiguous,
    outputs: outputs.filter((o) => o.batchJoin !== undefined).map((o) => o.file),
  };
}

/**
 * A batch output stored before without its input: reads it again and gives each of its stored records the
 * fingerprint of its prompt (a record that has one keeps it). Records, rollups and counts are left as they are,
 * so nothing is counted twice. Records the source scoped to its label, and rows without an id, are not looked up.
 */
export async function joinIntoStored(
  store: UsageStore,
  path: string,
  catalog: Catalog,
  prompts: { salt: string; storeText: boolean; joined: JoinedPrompts },
): Promise<BatchJoinCount> {
  const count: BatchJoinCount = { joined: 0, unjoined: 0 };
  if (path === STDIN) return count;
  const m = await materializeInput(path);
  const found: { rid: number; fingerprint: Fingerprint; promptText: string | null }[] = [];
  const find = store.db.prepare('SELECT rid, id, scope FROM records WHERE key = ?');
  try {
    await produceRecords(m?.path ?? path, 'jsonl', undefined, openaiBatchAdapter, createPreparer(catalog, prompts), {
      prepared(p) {
        const rid = p.fingerprint && !p.scoped ? storedRid(find, p.record.id) : undefined;
        if (rid === undefined || !p.fingerprint) {
          count.unjoined++;
          return;
        }
        count.joined++;
        found.push({ rid, fingerprint: p.fingerprint, promptText: p.promptText });
      },
      skip() {},
    });
  } finally {
    m?.cleanup();
  }
  store.db.transaction(() => {
    store.forgetCachedBlocks();
    for (const f of found) store.addFingerprint(f.rid, f.fingerprint, f.promptText, false);
  })();
  return count;
}

/** The row id of the stored record with this (unscoped) id, probing keys as the store does (db/store.ts). */
function storedRid(find: Statement, id: string): number | undefined {
  for (let key = recordKey(scopedKey(id, null)); ; key = (key + 1) % 2 ** 53) {
    const row = find.get(key) as { rid: number; id: string; scope: string | null } | undefined;
    if (!row) return undefined;
    if (row.id === id && row.scope === null) return row.rid;
  }
}

/** An input file's line of the ingest report: no usage of its own, its skipped lines, and how its join went. */
export function batchInputResult(pairing: BatchPairing, path: string, results: FileIngestResult[]): FileIngestResult {
  const read = pairing.reads.get(path);
  return {
    file: path,
    sourceId: null,
    format: openaiBatchInputAdapter.name,
    added: 0,
    duplicates: 0,
    conflicts: 0,
    replaced: 0,
    skipped: read?.skipped ?? 0,
    failed: 0,
    alreadyIngested: false,
    skippedLines: read?.skippedLines ?? [],
    failedLines: [],
    conflictLines: [],
    batchInput: summarizeInput(pairing, path, results),
  };
}
