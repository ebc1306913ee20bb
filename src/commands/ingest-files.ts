import type { FileIngestResult } from '../ingest/ingest.js';
import type { Context } from './context.js';
import { conflictLine } from '../report/conflicts.js';
import { UserError } from '../util/errors.js';
import { termText } from '../report/escape.js';

export interface IngestFilesOptions {
  format?: string;
  strict?: boolean;
  claudeCode?: boolean;
  codex?: boolean;
  source?: string;
  storePrompts?: boolean;
  /** commander's --no-fingerprints: false. */
  fingerprints?: boolean;
}

/** The ingest flags audit and simulate share (`--input-format`, `--strict`, `--source`, `--store-prompts`, `--no-fingerprints`). */
export interface IngestFlags {
  inputFormat?: string;
  strict?: boolean;
  source?: string;
  storePrompts?: boolean;
  fingerprints?: boolean;
}

/** The ingest options those flags ask for. */
export function ingestOptionsOf(flags: IngestFlags): IngestFilesOptions {
  return {
    ...(flags.inputFormat ? { format: flags.inputFormat } : {}),
    ...(flags.strict ? { strict: true } : {}),
    ...(flags.source !== undefined ? { source: flags.source } : {}),
    ...(flags.storePrompts ? { storePrompts: true } : {}),
    ...(flags.fingerprints === false ? { fingerprints: false } : {}),
  };
}

/** The paths to ingest: those given, plus the agents' default log folders that exist when asked for. */
async function withAgentLogs(paths: string[], opts: IngestFilesOptions): Promise<string[]> {
  const { existsSync } = await import('node:fs');
  const { UserError } = await import('../util/errors.js');
  const out = [...paths];
  const add = (flag: string, dirs: string[]) => {
    const found = dirs.filter((d) => existsSync(d));
    if (found.length === 0)
      throw new UserError(`${flag}: no log folder found (looked in ${dirs.join(', ')}): run the tool once, or pass its folder as a path.`);
    out.push(...found);
  };
  if (opts.claudeCode) add('--claude-code', (await import('../ingest/formats/claude-code.js')).claudeCodeLogDirs());
  if (opts.codex) add('--codex', (await import('../ingest/formats/codex.js')).codexLogDirs());
  if (out.length === 0) throw new UserError('Nothing to ingest: give files or directories, or --claude-code / --codex.');
  return out;
}

/**
 * Ingests files (and directories) into the database; returns one result per file. A file found in a
 * directory walk whose format is not recognized is listed and passed over; one named explicitly stops the run.
 */
export async function ingestFiles(ctx: Context, paths: string[], opts: IngestFilesOptions): Promise<FileIngestResult[]> {
  const { expandPaths } = await import('../ingest/files.js');
  const { ingestInput } = await import('../ingest/ingest-input.js');
  const { UsageStore } = await import('../db/store.js');
  const { toolVersion } = await import('../util/version.js');
  const { warn } = await import('./output.js');
  const { createProgress } = await import('./progress.js');
  const { UnrecognizedFormatError, UnreadableFileError } = await import('../util/errors.js');
  const files = expandPaths(await withAgentLogs(paths, opts), warn);
  if (files.length === 0) {
    const named = paths.length > 0 ? paths.join(', ') : "The agents' log folders";
    throw new UserError(
      `${named} ${paths.length > 1 ? 'hold' : 'holds'} no usage files (.jsonl, .ndjson, .json, .csv): name the folder or files that hold them.`,
    );
  }
  const { WriteBatch, BATCH_MS } = await import('../ingest/write-batch.js');
  const store = new UsageStore(ctx.db());
  const batch = new WriteBatch(store.db, BATCH_MS);
  const progress = createProgress();
  const ingestOpts = {
    catalog: ctx.catalog(),
    toolVersion: toolVersion(),
    onProgress: progress.onProgress,
    onWait: () => warn('another llmcost is writing to this database: waiting for it to finish.'),
    ...(opts.format ? { format: opts.format } : {}),
    ...(opts.strict ? { strict: true } : {}),
    ...(opts.source !== undefined ? { sourceLabel: sourceLabel(opts.source) } : {}),
    ...(opts.storePrompts || ctx.loaded.config.storePrompts === true ? { storePrompts: true } : {}),
    ...(opts.fingerprints === false ? { fingerprints: false } : {}),
    batch,
  };
  // OpenAI Batch input files hold the prompts of the output files beside them: read first, joined by custom_id.
  const { readBatchInputs, joinFor, joinIntoStored, batchInputResult } = await import('../ingest/batch-input-join.js');
  const { MAX_LISTED_SKIPS, nothingStored } = await import('../ingest/ingest.js');
  const pairing = await readBatchInputs(store, files, { ...opts, storePrompts: ingestOpts.storePrompts === true, maxListed: MAX_LISTED_SKIPS });
  const results: FileIngestResult[] = [];
  let stopping = true;
  /** Where each input file's line goes among the results (its place in the order given). */
  const inputAt: number[] = [];
  try {
    for (const [i, f] of files.entries()) {
      progress.onFile(i, files.length);
      if (pairing?.inputs.has(f.path)) {
        inputAt.push(results.length);
        continue;
      }
      const joinedPrompts = joinFor(pairing, f.path);
      try {
        const r = await ingestInput(store, f.path, { ...ingestOpts, ...(joinedPrompts ? { joinedPrompts } : {}) });
        // An output stored before without its input: its stored records get the prompts' fingerprints now.
        if (joinedPrompts && r.alreadyIngested && r.format === 'openai-batch')
          r.batchJoin = await joinIntoStored(store, f.path, ingestOpts.catalog, {
            salt: store.promptSalt(),
            storeText: ingestOpts.storePrompts === true,
            joined: joinedPrompts,
          });
        results.push(r);
      } catch (err) {
        if (f.explicit || !(err instanceof UnreadableFileError)) throw err;
        progress.done();
        // A file met in a walk that cannot be read is listed and passed over; the walk goes on.
        warn(
          err instanceof UnrecognizedFormatError
            ? `${f.path}: not a usage format llmcost reads; passed over.`
            : `${err.message.replace(/\.$/, '')}; passed over.`,
        );
        results.push(nothingStored(f.path, 'unrecognized'));
      }
    }
    stopping = false;
  } finally {
    progress.done();
    batch.finish(stopping);
  }
  if (!pairing) return results;
  const inputRows = [...pairing.inputs].map((path) => batchInputResult(pairing, path, results));
  for (const row of inputRows)
    if (row.batchInput?.read && row.batchInput.outputs.length === 0)
      warn(`${row.file} is an OpenAI Batch input file, but no batch output file was ingested beside it: give both in one command.`);
  // The input files' lines in their places among the others (from the last, so earlier places stay put).
  for (let k = inputRows.length - 1; k >= 0; k--) results.splice(inputAt[k]!, 0, inputRows[k]!);
  return results;
}

/** Lists skipped lines, then conflicts, on stderr (the result on stdout stays clean). */
export function reportSkipped(results: FileIngestResult[], limit = 20): void {
  reportConflicts(results, limit);
  const total = results.reduce((n, r) => n + r.skipped, 0);
  if (total === 0) return;
  process.stderr.write(`llmcost: skipped ${total} line${total === 1 ? '' : 's'}:\n`);
  let shown = 0;
  for (const r of results) {
    for (const s of r.skippedLines) {
      if (shown++ >= limit) break;
      process.stderr.write(`  ${termText(s.file)}:${s.line}: ${termText(s.reason)}\n`);
    }
  }
  if (total > limit) process.stderr.write(`  … ${total - limit} more (--format json / --json lists up to 1,000 per file)\n`);
}

/** Two copies of one key with different figures: a warning each, with both file:line and the copy kept. */
function reportConflicts(results: FileIngestResult[], limit: number): void {
  const total = results.reduce((n, r) => n + r.conflicts, 0);
  if (total === 0) return;
  process.stderr.write(
    `llmcost: warning: ${total} record${total === 1 ? '' : 's'} already stored with other figures (settled by the rule in README "Record identity"):\n`,
  );
  let shown = 0;
  for (const r of results) {
    for (const k of r.conflictLines) {
      if (shown++ >= limit) break;
      process.stderr.write(`  ${termText(conflictLine(k))}\n`);
    }
  }
  if (total > limit) process.stderr.write(`  … ${total - limit} more (llmcost audit --format json lists up to 1,000)\n`);
}

/** --source NAME: a non-empty label without control characters. */
function sourceLabel(name: string): string {
  const label = name.trim();
  if (label === '' || /[\u0000-\u001f\u007f]/.test(label)) throw new UserError('--source needs a name without control characters: e.g. --source billing-app.');
  return `source:${label}`;
}
