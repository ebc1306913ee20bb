import { recordIds } from '../db/queries.js';
import type { DB } from '../db/open.js';
import { UserError } from '../util/errors.js';
import { quoteId, type EmbeddingsFile } from './embeddings-file.js';
import type { History } from './history.js';

/** An embeddings file's vectors given to the history's rows (README "Semantic cache"). */
export interface RequestEmbeddings {
  file: string;
  dimensions: number;
  /** Unit vectors, as in the file. */
  vectors: Float32Array;
  /** Per history row, the index of its vector in `vectors` (−1: none). */
  vectorOf: Int32Array;
  /** Ids the file holds, rows given a vector, ids naming no request in scope and ids naming more than one. */
  idsInFile: number;
  matchedRequests: number;
  unmatchedIds: number;
  /** The first line of an id that names no request in scope (null: none), to look at. */
  firstUnmatchedLine: number | null;
  ambiguousIds: number;
  firstAmbiguousLine: number | null;
}

/**
 * The ids a stored record answers to: its stored id, and that id without the namespace an adapter put in
 * front of a source's own id (`litellm:abc` → `abc`, `claude-code:request:req_1` → `request:req_1`, `req_1`),
 * which is the id in the user's own logs. Provider ids (`chatcmpl-…`, `resp_…`, `msg_…`) are stored bare.
 */
export function idsOf(stored: string): { exact: string; aliases: string[] } {
  const aliases: string[] = [];
  let rest = stored;
  for (let m = /^[a-z][a-z0-9-]*:(.+)$/.exec(rest); m && aliases.length < 2; m = /^[a-z][a-z0-9-]*:(.+)$/.exec(rest)) {
    rest = m[1]!;
    aliases.push(rest);
  }
  return { exact: stored, aliases };
}

const CHUNK = 5000;

/**
 * Gives each history row the vector of its request id. An id matches a record whose stored id it is, else
 * one whose id it is without the namespace (`idsOf`); an id that matches more than one request in scope (two
 * sources' own ids "1") gives none of them a vector and is counted as ambiguous: narrow the scope with the
 * files or --where. Two lines naming the same request (`litellm:abc` and `abc`) are a mistake in the file.
 */
export function matchEmbeddings(db: DB, h: History, f: EmbeddingsFile): RequestEmbeddings {
  const exact = new Map<string, number[]>();
  const alias = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, id: string, row: number) => {
    const rows = map.get(id);
    if (rows) rows.push(row);
    else map.set(id, [row]);
  };
  const rowOfRid = new Map<number, number>();
  for (let i = 0; i < h.n; i++) if (!Number.isNaN(h.rid[i]!)) rowOfRid.set(h.rid[i]!, i);
  const rids = [...rowOfRid.keys()];
  for (let at = 0; at < rids.length; at += CHUNK) {
    for (const [rid, id] of recordIds(db, rids.slice(at, at + CHUNK))) {
      const row = rowOfRid.get(rid)!;
      const ids = idsOf(id);
      add(exact, ids.exact, row);
      for (const a of ids.aliases) add(alias, a, row);
    }
  }
  const vectorOf = new Int32Array(h.n).fill(-1);
  let matchedRequests = 0;
  let unmatchedIds = 0;
  let ambiguousIds = 0;
  let firstUnmatchedLine: number | null = null;
  let firstAmbiguousLine: number | null = null;
  for (let k = 0; k < f.ids.length; k++) {
    const rows = exact.get(f.ids[k]!) ?? alias.get(f.ids[k]!);
    if (!rows) {
      unmatchedIds++;
      firstUnmatchedLine ??= f.lines[k]!;
    } else if (rows.length > 1) {
      ambiguousIds++;
      firstAmbiguousLine ??= f.lines[k]!;
    } else {
      const row = rows[0]!;
      const earlier = vectorOf[row]!;
      if (earlier >= 0)
        throw new UserError(
          `${f.file}:${f.lines[k]}: id ${quoteId(f.ids[k]!)} names the same request as line ${f.lines[earlier]} (${quoteId(f.ids[earlier]!)}): give each request one embedding.`,
        );
      vectorOf[row] = k;
      matchedRequests++;
    }
  }
  return {
    file: f.file,
    dimensions: f.dimensions,
    vectors: f.vectors,
    vectorOf,
    idsInFile: f.ids.length,
    matchedRequests,
    unmatchedIds,
    firstUnmatchedLine,
    ambiguousIds,
    firstAmbiguousLine,
  };
}
