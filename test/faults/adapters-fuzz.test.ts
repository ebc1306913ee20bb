import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { UsageRecord } from '../../src/usage/record.js';
import { ADAPTERS } from '../../src/ingest/formats/index.js';
import { runAdapter } from '../helpers/adapters.js';
import { FIXTURES } from '../helpers/cli.js';
import { parse as parseCsv } from 'csv-parse/sync';
// Seeded, so every run mutates the same way and a failure can be replayed.
import { mulberry32 as rng } from '../../src/simulate/bootstrap.js';

const NASTY: unknown[] = [
  null,
  '',
  ' ',
  'NaN',
  'Infinity',
  '-1',
  -1,
  -0.5,
  1e308,
  Number.MAX_SAFE_INTEGER + 2,
  '1e400',
  3.7,
  '3.0',
  true,
  [],
  {},
  [1, 2],
  { nested: { garbage: [null] } },
  'ünïcødé 🎉',
  '\uFEFF12',
  '12\r',
  '2025-13-45T99:99:99Z',
  'null',
  '0x1F',
];

/** Replaces one value somewhere in a JSON value (depth-first pick), or deletes or adds a key. */
function mutate(value: unknown, rand: () => number): unknown {
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  if (Array.isArray(value)) {
    if (value.length === 0 || rand() < 0.1) return pick(NASTY);
    const i = Math.floor(rand() * value.length);
    const copy = [...value];
    copy[i] = mutate(copy[i], rand);
    return copy;
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    const r = rand();
    if (keys.length === 0 || r < 0.1) copy[pick(['usage', 'model', 'extra', 'timestamp', 'id'])] = pick(NASTY);
    else if (r < 0.2) delete copy[pick(keys)];
    else {
      const k = pick(keys);
      copy[k] = rand() < 0.5 ? mutate(copy[k], rand) : pick(NASTY);
    }
    return copy;
  }
  return pick(NASTY);
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** The values a fixture file feeds its adapter: JSON lines, a JSON document's items, or CSV rows. */
function valuesOf(file: string): unknown[] {
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  if (file.endsWith('.csv')) return parseCsv(text, { columns: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as unknown[];
  const trimmed = text.trimStart();
  if (file.endsWith('.json') || trimmed.startsWith('[')) {
    try {
      const doc = JSON.parse(text);
      return Array.isArray(doc) ? doc : [doc];
    } catch {
      // JSON lines under a .json name.
    }
  }
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      try {
        return JSON.parse(l);
      } catch {
        return l;
      }
    });
}

function checkRecord(r: UsageRecord): void {
  for (const k of ['inputTokens', 'cacheReadTokens', 'cacheWrite5mTokens', 'cacheWrite1hTokens', 'outputTokens', 'reasoningTokens'] as const) {
    expect(Number.isSafeInteger(r[k]) && r[k] >= 0, `${k} = ${r[k]}`).toBe(true);
  }
  expect(r.reasoningTokens).toBeLessThanOrEqual(r.outputTokens);
  expect(r.requests === null || (Number.isSafeInteger(r.requests) && r.requests >= 0)).toBe(true);
  expect(Number.isFinite(r.ts)).toBe(true);
  expect(typeof r.model === 'string' && r.model.length > 0).toBe(true);
  expect(r.reportedCostUsd === null || Number.isFinite(r.reportedCostUsd)).toBe(true);
  expect(Array.isArray(r.tags) && r.tags.every((t) => typeof t === 'string')).toBe(true);
}

const files = walk(join(FIXTURES, 'usage'));

describe('every adapter survives mutated records', () => {
  for (const adapter of ADAPTERS) {
    it(`${adapter.name}: no exception escapes, rejections have reasons, accepted records are sane`, () => {
      const rand = rng(0x5eed + adapter.name.length);
      let ownAccepted = 0;
      let fed = 0;
      for (const file of files) {
        const isCsv = file.endsWith('.csv');
        if (isCsv !== adapter.containers.includes('csv') || (!isCsv && adapter.containers.every((c) => c === 'csv'))) continue;
        const values = valuesOf(file);
        for (let round = 0; round < 8; round++) {
          const mutated = values.map((v) => (rand() < 0.5 ? mutate(v, rand) : v));
          let out: ReturnType<typeof runAdapter>;
          try {
            out = runAdapter(adapter, mutated);
          } catch (err) {
            throw new Error(`${adapter.name} threw on a mutation of ${relative(FIXTURES, file)} (round ${round}): ${(err as Error).stack}`);
          }
          for (const r of out.records) checkRecord(r);
          for (const s of [...out.skipped, ...out.failed]) {
            expect(typeof s.reason === 'string' && s.reason.length > 0).toBe(true);
            expect(Number.isInteger(s.line) && s.line >= 1).toBe(true);
          }
          fed += mutated.length;
          if (relative(join(FIXTURES, 'usage'), file).startsWith(`${adapter.name}/`)) ownAccepted += out.records.length;
        }
      }
      expect(fed).toBeGreaterThan(0);
      // Half of each round's lines are left as they were: an adapter must still read its own fixtures.
      if (files.some((f) => relative(join(FIXTURES, 'usage'), f).startsWith(`${adapter.name}/`))) expect(ownAccepted).toBeGreaterThan(0);
    });
  }
});
