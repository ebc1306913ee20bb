import { UserError } from '../util/errors.js';
import { displayPath, readBuffer } from '../util/files.js';
import { describeJsonError, jsonErrorPlace } from '../util/json-error.js';
import { isObject } from '../util/validation.js';

/**
 * An embeddings file (`simulate --embeddings FILE`, README "Semantic cache"): JSON lines
 * `{"id": "<request id>", "embedding": [numbers]}`, made by the user with their own model, since llmcost runs
 * none. Other keys on a line are ignored; blank lines are passed over. Every vector has the same dimension,
 * holds finite numbers only and is not all zeros; each id appears once. Anything else stops the run with
 * the file and line (exit code 2): a vector silently dropped would change hits without a word.
 */
export interface EmbeddingsFile {
  /** As shown to the user. */
  file: string;
  dimensions: number;
  ids: string[];
  /** The line of each id, for what is reported of it. */
  lines: Uint32Array;
  /** Unit vectors (so that a cosine is a dot product), the k-th at [k × dimensions, (k + 1) × dimensions). */
  vectors: Float32Array;
}

const SHAPE = 'each line must be {"id": "<request id>", "embedding": [numbers]}';
/** Quoted with JSON's escapes (no control character reaches the terminal) and cut to a readable length. */
export const quoteId = (id: string) => JSON.stringify(id.length > 80 ? `${id.slice(0, 77)}...` : id);

export function readEmbeddingsFile(path: string): EmbeddingsFile {
  const shown = displayPath(path);
  const buf = readBuffer(path, { what: 'Embeddings file', missing: "check the --embeddings path (or the scenario's semanticCache.embeddings)" });
  const fail = (line: number, what: string): never => {
    throw new UserError(`${shown}:${line}: ${what}.`);
  };
  const ids: string[] = [];
  const lines: number[] = [];
  const lineOf = new Map<string, number>();
  let dimensions = 0;
  let vectors = new Float32Array(0);
  let line = 0;
  // Split on newline bytes and decode line by line: a file of 100k × 1536 numbers is larger than a string can be.
  for (let start = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0; start < buf.length; ) {
    let end = buf.indexOf(0x0a, start);
    if (end < 0) end = buf.length;
    const text = buf.toString('utf8', start, end).trim();
    start = end + 1;
    line++;
    if (text === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      if (/(^|[^\w"])(NaN|-?Infinity)\b/.test(text))
        fail(line, 'holds NaN or Infinity, which are not numbers in JSON: leave out the request, or write its vector again');
      fail(line, `is not JSON (${describeJsonError(jsonErrorPlace(err, text))}): ${SHAPE}`);
    }
    if (!isObject(value)) fail(line, `is not an object: ${SHAPE}`);
    const o = value as Record<string, unknown>;
    const rawId = o['id'];
    const id = typeof rawId === 'string' ? rawId.trim() : typeof rawId === 'number' && Number.isSafeInteger(rawId) ? String(rawId) : '';
    if (id === '') fail(line, `has no "id" (a request id as a string): ${SHAPE}`);
    const embedding = o['embedding'];
    if (!Array.isArray(embedding) || embedding.length === 0)
      fail(line, `has no "embedding" (a list of numbers)${o['vector'] !== undefined ? ', only "vector": name it "embedding"' : ''}: ${SHAPE}`);
    const list = embedding as unknown[];
    if (dimensions === 0) dimensions = list.length;
    else if (list.length !== dimensions)
      fail(line, `"embedding" has ${list.length} numbers where line ${lines[0]} has ${dimensions}: every vector must come from the same model`);
    const earlier = lineOf.get(id);
    if (earlier !== undefined) fail(line, `id ${quoteId(id)} was given on line ${earlier} already: give each request one embedding`);
    const k = ids.length;
    if ((k + 1) * dimensions > vectors.length) {
      const grown = new Float32Array(Math.max(1024 * dimensions, vectors.length * 2));
      grown.set(vectors);
      vectors = grown;
    }
    let norm = 0;
    for (let d = 0; d < dimensions; d++) {
      const x = list[d];
      if (typeof x !== 'number' || !Number.isFinite(x)) fail(line, `"embedding"[${d}] is ${JSON.stringify(x) ?? 'missing'}, not a number`);
      vectors[k * dimensions + d] = x as number;
      norm += (x as number) * (x as number);
    }
    if (norm === 0) fail(line, '"embedding" is all zeros: a zero vector has no direction to compare');
    const scale = 1 / Math.sqrt(norm);
    for (let d = k * dimensions; d < (k + 1) * dimensions; d++) vectors[d] = vectors[d]! * scale;
    ids.push(id);
    lines.push(line);
    lineOf.set(id, line);
  }
  if (ids.length === 0) throw new UserError(`${shown}: holds no embeddings: ${SHAPE}, one per request.`);
  return { file: shown, dimensions, ids, lines: Uint32Array.from(lines), vectors: vectors.slice(0, ids.length * dimensions) };
}
