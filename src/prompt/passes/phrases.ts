import { PHRASES } from '../phrases.js';
import { rewrite } from './rewrite.js';

const COMPILED = PHRASES.map((r) => ({ re: new RegExp(r.pattern, 'giu'), replacement: r.replacement, allow: r.allow ?? [] }));

/** Rewrites filler, politeness and verbose constructions from the phrase table, in table order. */
export function rewritePhrases(text: string): string {
  let out = text;
  for (const r of COMPILED) out = rewrite(out, r.re, r.replacement, r.allow);
  return out;
}
