import type { FileIngestResult } from '../ingest/ingest.js';
import { int, textTable } from './format.js';

export function renderIngest(results: FileIngestResult[], json: boolean): string {
  if (json) {
    const totals = results.reduce((t, r) => ({ added: t.added + r.added, duplicates: t.duplicates + r.duplicates, skipped: t.skipped + r.skipped, failed: t.failed + r.failed }), { added: 0, duplicates: 0, skipped: 0, failed: 0 });
    return `${JSON.stringify({ files: results.map(({ sourceId: _s, ...r }) => r), totals }, null, 2)}\n`;
  }
  if (results.length === 0) return 'No files to ingest.\n';
  // The Failed column appears only when some source logs failed requests (batch output, Bedrock logs...).
  const anyFailed = results.some((r) => r.failed > 0);
  const rows = results.map((r) => [r.file, r.format, int(r.added), int(r.duplicates), int(r.skipped), ...(anyFailed ? [int(r.failed)] : []), r.alreadyIngested ? 'already ingested' : '']);
  const sum = (k: 'added' | 'duplicates' | 'skipped' | 'failed') => int(results.reduce((n, r) => n + r[k], 0));
  if (results.length > 1) rows.push(['total', '', sum('added'), sum('duplicates'), sum('skipped'), ...(anyFailed ? [sum('failed')] : []), '']);
  return `${textTable(['File', 'Format', 'Added', 'Duplicate', 'Skipped', ...(anyFailed ? ['Failed'] : []), ''], rows, '').join('\n')}\n`;
}
