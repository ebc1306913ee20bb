import type { Fingerprint } from '../usage/fingerprint.js';
import type { SkippedLine } from '../usage/skip.js';
import { describeJsonError, jsonErrorPlace } from '../util/json-error.js';
import { isObj, type Obj } from './fields.js';
import { type Fingerprinter, packFingerprint, unpackFingerprint } from './fingerprint.js';
import { forEachLine, MAX_LINE_BYTES } from './lines.js';
import { promptOfRequest, promptTextOf } from './prompt.js';

/**
 * OpenAI Batch input files: one request per JSON line, `{custom_id, method, url, body}`. The output file holds
 * the usage and the same `custom_id`, but not the prompt; so the input's prompts are fingerprinted first, keyed
 * by `custom_id`, and the output's records take theirs from this map as they are prepared (prepare.ts). Only
 * fingerprints travel (packed strings, to the parse worker too), and the text only with --store-prompts.
 */
export interface JoinedPrompts {
  /** custom_id → the packed fingerprint (packFingerprint) of that request's prompt. */
  fingerprints: Map<string, string>;
  /** custom_id → the prompt text, only when the text is kept (--store-prompts); otherwise null. */
  texts: Map<string, string> | null;
}

/** How an input file's join went, for its line of the ingest report. */
export interface BatchInputSummary {
  /** Prompts this file gave (requests with a prompt and a custom_id of their own). */
  prompts: number;
  /** false with --no-fingerprints: the file was recognized but not read. */
  read: boolean;
  /** Records of the output files paired with this input that got a prompt from it. */
  joinedRecords: number;
  /** Prompts with no usage record in those outputs (failed or expired requests). */
  withoutRecord: number;
  /** The batch output files paired with this input (those whose custom_ids it holds most of). */
  outputs: string[];
}

/** A batch output record's prompt from the joined map, when its custom_id is there. */
export function joinedPrompt(joined: JoinedPrompts | undefined, key: string): { fingerprint: Fingerprint | null; promptText: string | null } {
  const packed = joined?.fingerprints.get(key);
  if (packed === undefined) return { fingerprint: null, promptText: null };
  return { fingerprint: unpackFingerprint(packed), promptText: joined?.texts?.get(key) ?? null };
}

/** A line of a batch input file: a request with its `custom_id` and body (OpenAI's "request input object"). */
export function isBatchRequestLine(v: Obj): boolean {
  return typeof v['custom_id'] === 'string' && typeof v['url'] === 'string' && isObj(v['body']) && !('response' in v);
}

/** What one input file gave. */
export interface BatchInputRead {
  file: string;
  /** Requests whose prompt was fingerprinted. */
  prompts: number;
  /** Lines that are no usable request (listed, at most `maxListed`). */
  skipped: number;
  skippedLines: SkippedLine[];
}

export function emptyJoin(storeText: boolean): JoinedPrompts {
  return { fingerprints: new Map(), texts: storeText ? new Map() : null };
}

/**
 * Reads one batch input file into the join: each request's prompt fingerprinted under its custom_id. Lines that
 * are no request, hold no prompt or repeat a custom_id of the same file are skipped with their reason.
 */
export async function readBatchInput(path: string, joined: JoinedPrompts, fingerprinter: Fingerprinter, maxListed: number): Promise<BatchInputRead> {
  const out: BatchInputRead = { file: path, prompts: 0, skipped: 0, skippedLines: [] };
  const seen = new Map<string, number>();
  const skip = (line: number, reason: string) => {
    out.skipped++;
    if (out.skippedLines.length < maxListed) out.skippedLines.push({ file: path, line, reason });
  };
  const { fingerprints, texts } = joined;
  await forEachLine(
    path,
    (text, line) => {
      if (text.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (err) {
        return skip(line, `malformed JSON (${describeJsonError(jsonErrorPlace(err, text))})`);
      }
      if (!isObj(value) || !isBatchRequestLine(value)) return skip(line, 'not an OpenAI Batch request line (custom_id, url and body)');
      const id = value['custom_id'] as string;
      const before = seen.get(id);
      if (before !== undefined) return skip(line, `custom_id ${JSON.stringify(id)} repeats line ${before}: a batch's custom_ids are unique`);
      seen.set(id, line);
      const prompt = promptOfRequest(value['body']);
      if (!prompt) return skip(line, 'the request body holds no prompt (messages, input or prompt)');
      fingerprints.set(id, packFingerprint(fingerprinter.fingerprint(prompt)));
      texts?.set(id, promptTextOf(prompt));
      out.prompts++;
    },
    undefined,
    (line) => skip(line, `longer than ${MAX_LINE_BYTES / (1 << 20)} MiB: passed over`),
  );
  return out;
}
