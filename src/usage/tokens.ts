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
const PROMPT_KINDS = TOKEN_COLUMNS.filter((c) => c.part === 'prompt').map((c) => c.field as PromptKind);
const BILLED_KINDS = TOKEN_COLUMNS.filter((c) => c.part !== 'within-output').map((c) => c.field as BilledKind);

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

/** Adds `from`'s counts to `into`'s; `sign` -1 takes them back out. */
export function addTokens(into: TokenCounts, from: TokenCounts, sign: 1 | -1 = 1): void {
  for (const k of TOKEN_KINDS) into[k] += sign * from[k];
}

/** The whole prompt the provider saw: plain input, cache reads and cache writes (what long-context thresholds compare against). */
export function promptTokens(t: Pick<TokenCounts, PromptKind>): number {
  let n = 0;
  for (const k of PROMPT_KINDS) n += t[k];
  return n;
}

/** Every billed token: the whole prompt and the output (reasoning is part of output, so not added again). */
export function billedTokens(t: Pick<TokenCounts, BilledKind>): number {
  let n = 0;
  for (const k of BILLED_KINDS) n += t[k];
  return n;
}

/** Cache writes of either lifetime. */
export function cacheWriteTokens(t: Pick<TokenCounts, 'cacheWrite5mTokens' | 'cacheWrite1hTokens'>): number {
  return t.cacheWrite5mTokens + t.cacheWrite1hTokens;
}

/** Whether two vectors hold the same counts. */
export function sameTokens(a: TokenCounts, b: TokenCounts): boolean {
  for (const k of TOKEN_KINDS) if (a[k] !== b[k]) return false;
  return true;
}

/** A sum of token columns as SQL, for the kinds of `part` (`t`: the table's alias prefix, "" or "r."). */
export function tokenSumSql(part: 'prompt' | 'billed', t = ''): string {
  return TOKEN_COLUMNS.filter((c) => (part === 'prompt' ? c.part === 'prompt' : c.part !== 'within-output'))
    .map((c) => `${t}${c.column}`)
    .join(' + ');
}
