/**
 * The per-request values of one group (prompt or output tokens), kept whole so that percentiles are exact.
 * A row that sums several requests adds its per-request average (rounded) once per request: exact for rows
 * of one request, an approximation for pre-aggregated buckets (the report says which). Whole token counts
 * fit 32 bits, which halves the memory of ten million requests.
 */
export class Distribution {
  private values = new Uint32Array(64);
  private n = 0;
  private sorted = true;
  /** Some values came from buckets of several requests. */
  approximate = false;

  get count(): number {
    return this.n;
  }

  add(value: number, times = 1): void {
    if (times > 1) this.approximate = true;
    if (this.n + times > this.values.length) {
      let size = this.values.length * 2;
      while (size < this.n + times) size *= 2;
      const grown = new Uint32Array(size);
      grown.set(this.values.subarray(0, this.n));
      this.values = grown;
    }
    this.values.fill(Math.min(0xffffffff, Math.round(value)), this.n, this.n + times);
    this.n += times;
    this.sorted = false;
  }

  private view(): Uint32Array {
    const v = this.values.subarray(0, this.n);
    if (!this.sorted) {
      v.sort();
      this.sorted = true;
    }
    return v;
  }

  /**
   * Nearest-rank percentile: the smallest value with at least p% of the values at or below it
   * (P50 of 1..10 is 5, P95 is 10). null when empty.
   */
  quantile(p: number): number | null {
    if (this.n === 0) return null;
    const rank = Math.max(1, Math.ceil((p / 100) * this.n));
    return this.view()[rank - 1]!;
  }

  /** Sum over values of max(0, value − cap): what a cap at `cap` would remove. */
  excessOver(cap: number): { total: number; count: number } {
    const v = this.view();
    let total = 0;
    let count = 0;
    for (let i = v.length - 1; i >= 0 && v[i]! > cap; i--) {
      total += v[i]! - cap;
      count++;
    }
    return { total, count };
  }
}
