import { clean } from '../agents/clean.js';
import { columns, int } from '../util/numbers.js';
import type { ForgetResult } from './forget.js';
import type { Inventory } from './inventory.js';

export function bytes(n: number | null): string {
  if (n === null) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1048576) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1048576).toFixed(1)} MB`;
}

const SHOWN = 30;

/** Cuts a path to `w` characters from the left, keeping its file name. */
function fitLeft(s: string, w: number): string {
  return s.length <= w ? s : `…${s.slice(s.length - w + 1)}`;
}

/** `llmcost db`: where the history is, how big, what span, and each ingested file (the latest 30 unless --all). */
export function renderInventory(inv: Inventory, all: boolean): string {
  const lines = [
    `Database  ${clean(inv.database)}`,
    `Size      ${bytes(inv.sizeBytes)}${inv.walBytes ? ` (+ ${bytes(inv.walBytes)} write-ahead log)` : ''}`,
    `Schema    ${inv.schema}`,
    `Records   ${int(inv.records)}${inv.firstDay ? `, ${inv.firstDay} to ${inv.lastDay}` : ''}`,
    `Sources   ${int(inv.sources.length)}`,
  ];
  if (inv.sources.length > 0) {
    const shown = all ? inv.sources : inv.sources.slice(-SHOWN);
    const rows = shown.map((s) => [
      String(s.id),
      fitLeft(clean(s.file), 34),
      s.format,
      int(s.records),
      s.firstDay ?? '—',
      s.lastDay ?? '—',
      s.ingestedAt.slice(0, 16).replace('T', ' '),
    ]);
    // The ID and the records are right-aligned.
    lines.push('', ...columns(['ID', 'File', 'Format', 'Records', 'First day', 'Last day', 'Ingested (UTC)'], rows, { left: new Set([1, 2, 4, 5, 6]) }));
    if (shown.length < inv.sources.length) lines.push(`… and ${int(inv.sources.length - shown.length)} older sources (llmcost db --all, or --json).`);
  }
  return `${lines.join('\n')}\n`;
}

export function renderForget(r: ForgetResult): string {
  const names = r.sources.map((s) => `${s.id} (${clean(s.file)})`).join(', ');
  return `Forgot ${r.sources.length === 1 ? 'source' : 'sources'} ${names}: ${int(r.removedRecords)} record${r.removedRecords === 1 ? '' : 's'} removed, ${int(r.keptRecords)} kept because another source holds them.\n`;
}
