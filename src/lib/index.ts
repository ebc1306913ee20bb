/**
 * llmcost as a library: price a usage object against the catalog, count the tokens of a text or a chat, and
 * detect and parse a usage file into normalized, priced records. Nothing here touches a database or the
 * network. `import { priceUsage, countTokens, detectFormat, parseFile } from 'llmcost'`.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolveModel, type Catalog } from '../catalog/catalog.js';
import { loadCatalog, type CatalogOptions } from '../catalog/load.js';
import type { ModelPrice } from '../catalog/types.js';
import { chooseAdapter, forcedAdapter, readDetectHead, sampleFor, sniffContainer } from '../ingest/detect.js';
import { materializeInput } from '../ingest/input-files.js';
import { createPreparer } from '../ingest/prepare.js';
import { produceRecords } from '../ingest/produce.js';
import { emptyRecord, type UsageRecord } from '../usage/record.js';
import { readChat } from '../tokens/chat-messages.js';
import { priceRecord, type CostBreakdown } from '../pricing/price.js';
import { countChatTokens } from '../tokens/chat.js';
import { getCounter, type EncodingName } from '../tokens/count.js';
import { promptModelOf } from '../tokens/models.js';
import { UserError } from '../util/errors.js';

export { loadCatalog, UserError };
export type { Catalog, CatalogOptions, CostBreakdown, EncodingName, ModelPrice, UsageRecord };

let bundled: Catalog | undefined;
/** The bundled catalog, loaded once. */
function defaultCatalog(): Catalog {
  bundled ??= loadCatalog();
  return bundled;
}

/** Token counts of one request (or of a bucket of `requests`). Input never includes cache reads or writes. */
export interface UsageInput {
  model: string;
  /** `openai`, `anthropic`, `bedrock`, ...: helps resolve ids shared by providers. */
  provider?: string;
  inputTokens?: number;
  cacheReadTokens?: number;
  cacheWrite5mTokens?: number;
  cacheWrite1hTokens?: number;
  /** All billed output, reasoning included. */
  outputTokens?: number;
  reasoningTokens?: number;
  requests?: number;
  batch?: boolean;
  /** `flex`, `priority`, ... */
  serviceTier?: string;
  /** true/false when known; unset: decided from the request's own prompt size. */
  longContext?: boolean;
}

export interface PriceResult {
  model: string;
  /** The catalog entry the model resolved to; null when the catalog has no price for it. */
  modelId: string | null;
  /** null when unpriced (never $0 for a model the catalog does not know). */
  costUsd: number | null;
  breakdown: CostBreakdown | null;
}

function count(v: number | undefined, name: string): number {
  if (v === undefined) return 0;
  if (!Number.isFinite(v) || v < 0) throw new UserError(`${name} must be a number of tokens (0 or more), not ${String(v)}.`);
  return v;
}

/** Prices one usage object exactly as `llmcost audit` prices a record (README "Pricing rules"). */
export function priceUsage(usage: UsageInput, catalog: Catalog = defaultCatalog()): PriceResult {
  if (typeof usage?.model !== 'string' || usage.model === '') throw new UserError('priceUsage needs a model (e.g. { model: "gpt-4o", inputTokens: 1000 }).');
  const price = resolveModel(catalog, usage.model, usage.provider ?? null);
  if (!price) return { model: usage.model, modelId: null, costUsd: null, breakdown: null };
  const r = emptyRecord('', 0, usage.model);
  r.provider = usage.provider ?? null;
  r.inputTokens = count(usage.inputTokens, 'inputTokens');
  r.cacheReadTokens = count(usage.cacheReadTokens, 'cacheReadTokens');
  r.cacheWrite5mTokens = count(usage.cacheWrite5mTokens, 'cacheWrite5mTokens');
  r.cacheWrite1hTokens = count(usage.cacheWrite1hTokens, 'cacheWrite1hTokens');
  r.outputTokens = count(usage.outputTokens, 'outputTokens');
  r.reasoningTokens = count(usage.reasoningTokens, 'reasoningTokens');
  r.requests = usage.requests ?? 1;
  r.batch = usage.batch === true;
  r.serviceTier = usage.serviceTier ?? null;
  r.longContext = usage.longContext ?? null;
  const breakdown = priceRecord(r, price);
  return { model: usage.model, modelId: price.id, costUsd: breakdown.totalUsd, breakdown };
}

/** A chat message: `content` a string, or OpenAI-style parts (`[{type: 'text', text}]`). */
export interface ChatInput {
  role: string;
  content: string | unknown[];
  name?: string;
}

export interface TokenCount {
  /** The catalog id the model resolved to. */
  model: string;
  encoding: EncodingName;
  tokens: number;
  /** The model's tokenizer is not public: the count is o200k_base's, an estimate. */
  estimate: boolean;
}

/**
 * Counts the tokens of a text, or of chat messages with OpenAI's chat overhead (3 per message, 1 per name, 3 to
 * prime the reply), on a catalog model (default gpt-4o). Exact for OpenAI encodings; an estimate otherwise.
 */
export async function countTokens(input: string | ChatInput[], model = 'gpt-4o', catalog: Catalog = defaultCatalog()): Promise<TokenCount> {
  const price = resolveModel(catalog, model);
  if (!price) throw new UserError(`Model "${model}" is not in the price catalog: use an id or alias that \`llmcost catalog list\` shows.`);
  const pm = promptModelOf(price, model);
  const counter = await getCounter(pm.encoding);
  let tokens: number;
  if (typeof input === 'string') tokens = counter(input);
  else {
    const messages = readChat(JSON.stringify(input));
    if (messages === null) throw new UserError('countTokens takes a text or a list of chat messages ({role, content}).');
    tokens = countChatTokens(messages, counter);
  }
  return { model: pm.id, encoding: pm.encoding, tokens, estimate: pm.estimate };
}

/** A usage file's format, detected from its content as `llmcost ingest` does; null for an empty file. Gzip is read. */
export async function detectFormat(path: string): Promise<string | null> {
  return withReadable(path, (file) => {
    const head = readDetectHead(file);
    const container = sniffContainer(head, statSync(file).size > 256 * 1024 * 1024);
    if (container === 'empty') return null;
    const doc = container === 'json' ? readJsonDocument(file, path) : undefined;
    return chooseAdapter(sampleFor(container, head, doc), path).name;
  });
}

/** One normalized record of a parsed file, with its price. */
export interface ParsedRecord extends UsageRecord {
  line: number;
  modelId: string | null;
  costUsd: number | null;
}

export interface ParsedFile {
  file: string;
  format: string | null;
  records: ParsedRecord[];
  /** Lines that could not be read, and requests the source logged as failed. */
  skipped: { line: number; reason: string }[];
  failed: { line: number; reason: string }[];
}

/**
 * Reads a usage file (any format `llmcost ingest` reads; gzip too) into normalized, priced records, in file
 * order, without a database. Records are not deduplicated across files: that is what the history does.
 */
export async function parseFile(path: string, opts: { format?: string; catalog?: Catalog } = {}): Promise<ParsedFile> {
  const catalog = opts.catalog ?? defaultCatalog();
  return withReadable(path, async (file) => {
    const head = readDetectHead(file);
    const container = sniffContainer(head, statSync(file).size > 256 * 1024 * 1024);
    const out: ParsedFile = { file: path, format: null, records: [], skipped: [], failed: [] };
    if (container === 'empty') return out;
    const doc = container === 'json' ? readJsonDocument(file, path) : undefined;
    const adapter = opts.format ? forcedAdapter(opts.format) : chooseAdapter(sampleFor(container, head, doc), path);
    if (!adapter.containers.includes(container))
      throw new UserError(`${path} is ${container === 'csv' ? 'CSV' : 'JSON'}, which format ${adapter.name} does not read.`);
    out.format = adapter.name;
    await produceRecords(file, container, doc, adapter, createPreparer(catalog), {
      prepared: (p, line) => out.records.push({ ...p.record, line, modelId: p.modelId, costUsd: p.costUsd }),
      skip: (line, reason, kind) => (kind === 'failed' ? out.failed : out.skipped).push({ line, reason }),
    });
    return out;
  });
}

function readJsonDocument(file: string, shown: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch {
    throw new UserError(`${shown} is not valid JSON: fix the file, or write it as JSON lines.`);
  }
}

/** Runs `read` on the file itself, or on a decompressed copy of a gzip file (removed afterwards). */
async function withReadable<T>(path: string, read: (file: string) => T | Promise<T>): Promise<T> {
  if (path === '-') throw new UserError('Give a file path: standard input is read by the command line only.');
  try {
    statSync(path);
  } catch {
    throw new UserError(`File ${path} does not exist: check the path.`);
  }
  const m = await materializeInput(path);
  try {
    return await read(m?.path ?? path);
  } catch (err) {
    if (m && err instanceof UserError) throw new UserError(err.message.split(m.path).join(path), err.exitCode);
    throw err;
  } finally {
    m?.cleanup();
  }
}
