import type { ModelPrice } from '../catalog/types.js';
import { priceRecord, type PricedRecord } from '../pricing/price.js';
import { promptTokens, readTokenColumns } from '../usage/tokens.js';
import { catalogCacheRules, splitOnTarget } from './cache-rules.js';
import type { History } from './history.js';
import type { LegModel } from './match.js';

/**
 * One API call of the scenario: a request as recorded, or moved to another model, capped, cached or
 * batched. A cascade turns one request into two calls (the cheap try and the escalation). `weight` scales
 * the cost: 1, or, for the escalation, the escalation rate (its expected share of the strong call).
 */
export class Leg implements PricedRecord {
  entry!: ModelPrice;
  /** Null while the call goes to the request's own model. */
  moved: LegModel | null = null;
  inputTokens = 0;
  cacheReadTokens = 0;
  cacheWrite5mTokens = 0;
  cacheWrite1hTokens = 0;
  outputTokens = 0;
  reasoningTokens = 0;
  requests: number | null = 1;
  batch = false;
  serviceTier: string | null = null;
  longContext: boolean | null = null;
  weight = 1;
  cost = 0;

  /** Row i as recorded, on `entry` (its own model). */
  fromRow(h: History, i: number, entry: ModelPrice): this {
    this.entry = entry;
    this.moved = null;
    readTokenColumns(this, h.tok, i);
    this.requests = h.requests(i);
    this.batch = h.batch[i] === 1;
    this.serviceTier = h.text('serviceTier', i);
    this.weight = 1;
    return this;
  }

  /**
   * Row i sent to another model: the same prompt tokens, their cache split recomputed under the target's
   * caching rules (`splitOnTarget`), output scaled by `outputRatio`. Sent to its own model, the request is
   * exactly as recorded.
   */
  routed(h: History, i: number, own: ModelPrice, target: ModelPrice, outputRatio: number): this {
    this.fromRow(h, i, own);
    if (target.id === own.id) return this;
    Object.assign(this, splitOnTarget(this, this.requests, catalogCacheRules(target)));
    this.entry = target;
    this.moved = { id: target.id, provider: target.provider };
    this.outputTokens = Math.round(this.outputTokens * outputRatio);
    this.reasoningTokens = Math.min(this.outputTokens, Math.round(this.reasoningTokens * outputRatio));
    return this;
  }

  copyFrom(o: Leg): this {
    Object.assign(this, o);
    return this;
  }

  prompt(): number {
    return promptTokens(this);
  }

  /** Prices the call (through the catalog's own rules) and keeps the figure in `cost`. */
  reprice(): number {
    this.cost = priceRecord(this, this.entry).totalUsd * this.weight;
    return this.cost;
  }
}
