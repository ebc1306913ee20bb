import type { Catalog } from '../catalog/catalog.js';
import type { UsageStore } from '../db/store.js';
import type { Fingerprint } from '../usage/fingerprint.js';
import { UserError } from '../util/errors.js';
import { type BatchInputRead, type BatchInputSummary, emptyJoin, type JoinedPrompts, readBatchInput } from './batch-input.js';
import { chooseAdapter, readDetectHead, sampleFor, sniffContainer } from './detect.js';
import { Fingerprinter } from './fingerprint.js';
import { openaiBatchAdapter } from './formats/openai-batch.js';
import { openaiBatchInputAdapter } from './formats/openai-batch-input.js';
import { type BatchJoinCount, type FileIngestResult, nothingStored } from './ingest.js';
import { STDIN, materializeInput } from './input-files.js';
import { forEachLine, readHead } from './lines.js';
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

/** The batch input files among a command's files, each read into its own join, and the output paired with each. */
export interface BatchPairing {
  inputs: Set<string>;
  /** Each input file's prompts by custom_id (none with --no-fingerprints). */
  joins: Map<string, JoinedPrompts>;
  reads: Map<string, BatchInputRead>;
  /** Output file → the input file that holds most of its custom_ids. */
  inputOf: Map<string, string>;
}

/**
 * Finds and reads the batch input files among `files`, and pairs each batch output file with the input that
 * holds most of its custom_ids (a folder may hold several batches, whose ids often repeat: "request-1" ...).
 * Undefined when there is no input file. Only input files, with nothing to join them to, is a mistake said in
 * one sentence; with --no-fingerprints they are recognized and left unread.
 */
export async function readBatchInputs(
  store: UsageStore,
  files: { path: string }[],
  opts: { format?: string; fingerprints?: boolean; storePrompts?: boolean; maxListed: number },
): Promise<BatchPairing | undefined> {
  const roles = files.map((f) => [f.path, batchRoleOf(f.path, opts.format)] as const);
  const inputs = new Set(roles.filter(([, role]) => role === 'input').map(([path]) => path));
  if (inputs.size === 0) return undefined;
  if (inputs.size === files.length) {
    const [first] = inputs;
    throw new UserError(
      `${inputs.size === 1 ? `${first} is an OpenAI Batch input file: it holds` : `${[...inputs].join(', ')} are OpenAI Batch input files: they hold`} ` +
        'prompts but no usage, so give each together with its batch output file (llmcost ingest batch_input.jsonl batch_output.jsonl).',
    );
  }
  const pairing: BatchPairing = { inputs, joins: new Map(), reads: new Map(), inputOf: new Map() };
  if (opts.fingerprints === false) return pairing;
  // One fingerprinter for all: a system prompt the batches share is tokenized once.
  const fingerprinter = new Fingerprinter(store.promptSalt());
  for (const path of inputs) {
    const joined = emptyJoin(opts.storePrompts === true);
    pairing.reads.set(path, await readBatchInput(path, joined, fingerprinter, opts.maxListed));
    pairing.joins.set(path, joined);
  }
  for (const [path, role] of roles) {
    if (role !== 'output') continue;
    const hits = new Map<string, number>();
    await forEachCustomId(path, (id) => {
      for (const [input, joined] of pairing.joins) if (joined.fingerprints.has(id)) hits.set(input, (hits.get(input) ?? 0) + 1);
    });
    // Most ids held; of two that hold as many, the one with fewer prompts left over (the batch's own input).
    const leftOver = (input: string) => pairing.joins.get(input)!.fingerprints.size - hits.get(input)!;
    let best: string | undefined;
    for (const [input, n] of hits) if (best === undefined || n > hits.get(best)! || (n === hits.get(best)! && leftOver(input) < leftOver(best))) best = input;
    if (best !== undefined) pairing.inputOf.set(path, best);
  }
  return pairing;
}

/** The prompts an output file's records are joined to: those of its paired input, if any. */
export function joinFor(pairing: BatchPairing | undefined, output: string): JoinedPrompts | undefined {
  const input = pairing?.inputOf.get(output);
  return input === undefined ? undefined : pairing?.joins.get(input);
}

const CUSTOM_ID = /"custom_id"\s*:\s*("(?:[^"\\]|\\.)*")/;

/** Each line's custom_id, read without parsing the line (the output is parsed once, by its ingest). */
async function forEachCustomId(path: string, each: (id: string) => void): Promise<void> {
  await forEachLine(path, (text) => {
    const m = CUSTOM_ID.exec(text);
    if (!m) return;
    try {
      each(JSON.parse(m[1]!) as string);
    } catch {
      // A malformed id is the ingest's to report, on its line.
    }
  });
}

/** An input file's summary once its paired outputs are ingested (their `batchJoin` counts). */
export function summarizeInput(pairing: BatchPairing, path: string, results: { file: string; batchJoin?: BatchJoinCount }[]): BatchInputSummary {
  const outputs = [...pairing.inputOf].filter(([, input]) => input === path).map(([output]) => output);
  const joinedRecords = results.filter((r) => outputs.includes(r.file)).reduce((n, r) => n + (r.batchJoin?.joined ?? 0), 0);
  const prompts = pairing.reads.get(path)?.prompts ?? 0;
  return { prompts, read: pairing.joins.has(path), joinedRecords, withoutRecord: Math.max(0, prompts - joinedRecords), outputs };
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
  try {
    await produceRecords(m?.path ?? path, 'jsonl', undefined, openaiBatchAdapter, createPreparer(catalog, prompts), {
      prepared(p) {
        const rid = p.fingerprint && !p.scoped ? store.storedRid(p.record.id, null) : undefined;
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

/** An input file's line of the ingest report: no usage of its own, its skipped lines, and how its join went. */
export function batchInputResult(pairing: BatchPairing, path: string, results: FileIngestResult[]): FileIngestResult {
  const read = pairing.reads.get(path);
  return {
    ...nothingStored(path, openaiBatchInputAdapter.name),
    skipped: read?.skipped ?? 0,
    skippedLines: read?.skippedLines ?? [],
    batchInput: summarizeInput(pairing, path, results),
  };
}
