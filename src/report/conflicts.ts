import type { ConflictListing } from '../ingest/ingest.js';

const RULE = { latest: 'the later fetch', complete: 'the more complete copy' } as const;

function place(p: { file: string; line: number | null }): string {
  return p.line === null ? p.file : `${p.file}:${p.line}`;
}

/** "id: kept a.csv:3 over b.csv:3 (the later fetch): output 120 → 480". */
export function conflictLine(k: ConflictListing): string {
  return `${k.id}: kept ${place(k.kept)} over ${place(k.dropped)} (${RULE[k.settlement]}): ${k.detail}`;
}
