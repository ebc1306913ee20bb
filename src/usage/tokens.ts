import { TOKEN_COLUMNS } from './columns.js';

type TokenColumn = (typeof TOKEN_COLUMNS)[number];

/** A kind of token count, spelled as the record spells it (`inputTokens`, `cacheReadTokens`, ...). */
export type TokenKind = TokenColumn['field'];

/** The token vector: one count per kind (columns.ts). */
export type TokenCounts = Record<TokenKind, number>;

/** The kinds that make up the whole prompt. */
export type PromptKind = Extract<TokenColumn, { part: 'prompt' }>['field'];
type BilledKind = PromptKind | Extract<TokenColumn, { part: 'output' }>['field'];

/** Every token kind, in the column list's order. */
export const TOKEN_KINDS: readonly TokenKind[] = TOKEN_COLUMNS.map((c) => c.field);
const PROMPT_COLUMNS = TOKEN_COLUMNS.filter((c) => c.part === 'prompt');
const BILLED_COLUMNS = TOKEN_COLUMNS.filter((c) => c.part !== 'within-output');

export function emptyTokens(): TokenCounts {
  const t = {} as TokenCounts;
  for (const k of TOKEN_KINDS) t[k] = 0;
  return t;
}

/** The token counts of anything that carries them (a record, a stored copy), as a vector of their own. */
export function tokensOf(from: TokenCounts): TokenCounts {
  const t = {} as TokenCounts;
  for (const k of TOKEN_KINDS) t[k] = from[k];
  return t;
}

/**
 * A function compiled from the column list, with one statement per token kind and the kinds written as plain
 * property names: the per-record paths (rollups, the worker's packing, the audit's scan) run as fast as
 * hand-written code (a loop over the kinds as keys measured ~1.5× slower) and still follow the list.
 *
 * Each operation has a factory (`tokenAdder()`, ...) besides its shared copy: a hot call site compiles its own
 * copy, so the engine's inline caches there see only that site's object shapes. One copy shared by every site
 * sees records, rollup entries and sums alike, and made the rollups' accumulation ~2× slower.
 */
function perKind<F>(params: string, statement: (kind: TokenKind, index: number) => string): F {
  return new Function(params, TOKEN_KINDS.map(statement).join('\n')) as F;
}

type AddTokens = (into: TokenCounts, from: TokenCounts, sign?: 1 | -1) => void;
/** A fresh copy of `addTokens` for one hot call site. */
export const tokenAdder = (): AddTokens => perKind('into, from, sign = 1', (k) => `into.${k} += sign * from.${k};`);
/** Adds `from`'s counts to `into`'s; `sign` -1 takes them back out. */
export const addTokens = tokenAdder();

type WriteTokens = (to: { [i: number]: unknown }, at: number, t: TokenCounts) => void;
/** A fresh copy of `writeTokens` for one hot call site. */
export const tokenWriter = (): WriteTokens => perKind('to, at, t', (k, i) => `to[at + ${i}] = t.${k};`);
/** Writes a vector's counts into `to` from index `at`, in the column list's order. */
export const writeTokens = tokenWriter();

type ReadTokens = (into: TokenCounts, from: ArrayLike<unknown>, at: number) => void;
/** A fresh copy of `readTokens` for one hot call site. */
export const tokenReader = (): ReadTokens => perKind('into, from, at', (k, i) => `into.${k} = from[at + ${i}];`);
/** Reads counts written by `writeTokens` (or laid out alike: a stored row's) into a vector. */
export const readTokens = tokenReader();

/** Adds counts laid out from index `at` (a stored row's) to a vector. */
export const addTokensAt: (into: TokenCounts, from: ArrayLike<unknown>, at: number) => void = perKind(
  'into, from, at',
  (k, i) => `into.${k} += from[at + ${i}];`,
);

/** Token counts held column by column (one array per kind, as a simulation's history holds them). */
export type TokenColumns = Record<TokenKind, { [row: number]: number }>;

/** Reads row `i` of token columns into a vector. */
export const readTokenColumns: (into: TokenCounts, columns: TokenColumns, i: number) => void = perKind(
  'into, columns, i',
  (k) => `into.${k} = columns.${k}[i];`,
);

/** Writes counts laid out from index `at` (a stored row's) into row `i` of token columns. */
export const writeTokenColumns: (columns: TokenColumns, i: number, from: ArrayLike<unknown>, at: number) => void = perKind(
  'columns, i, from, at',
  (k, n) => `columns.${k}[i] = from[at + ${n}];`,
);

/** The sum of some kinds' counts, compiled like `perKind`. */
const sumOf = (columns: readonly TokenColumn[]) => new Function('t', `return ${columns.map((c) => `t.${c.field}`).join(' + ')};`);

/** The whole prompt the provider saw: plain input, cache reads and cache writes (what long-context thresholds compare against). */
export const promptTokens = sumOf(PROMPT_COLUMNS) as (t: Pick<TokenCounts, PromptKind>) => number;

/** Every billed token: the whole prompt and the output (reasoning is part of output, so not added again). */
export const billedTokens = sumOf(BILLED_COLUMNS) as (t: Pick<TokenCounts, BilledKind>) => number;

/** Cache writes of either lifetime. */
export function cacheWriteTokens(t: Pick<TokenCounts, 'cacheWrite5mTokens' | 'cacheWrite1hTokens'>): number {
  return t.cacheWrite5mTokens + t.cacheWrite1hTokens;
}

/** Whether two vectors hold the same counts. */
export function sameTokens(a: TokenCounts, b: TokenCounts): boolean {
  for (const k of TOKEN_KINDS) if (a[k] !== b[k]) return false;
  return true;
}

/** `promptTokens` or `billedTokens` as SQL over the stored columns (`t`: the table's alias prefix, "" or "r."). */
export function tokenSumSql(sum: 'prompt' | 'billed', t = ''): string {
  return (sum === 'prompt' ? PROMPT_COLUMNS : BILLED_COLUMNS).map((c) => `${t}${c.column}`).join(' + ');
}
