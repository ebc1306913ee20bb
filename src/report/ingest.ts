import type { FileIngestResult } from '../ingest/ingest.js';
import { documentJson, int } from '../util/numbers.js';
import { textTable } from './format.js';
import { rendererOf, type Renderers } from './renderer.js';

export const INGEST_RENDERERS: Renderers<'ingest', FileIngestResult[]> = {
  table: (results) => ingestTable(results),
  json: (results) => ingestJson(results),
};

export function renderIngest(results: FileIngestResult[], json: boolean): string {
  return rendererOf('ingest', INGEST_RENDERERS, json ? 'json' : 'table')(results, {});
}

/** Each file without its internal source id, and the totals. */
function ingestJson(results: FileIngestResult[]): string {
  const totals = results.reduce(
    (t, r) => ({ added: t.added + r.added, duplicates: t.duplicates + r.duplicates, skipped: t.skipped + r.skipped, failed: t.failed + r.failed }),
    { added: 0, duplicates: 0, skipped: 0, failed: 0 },
  );
  return documentJson({ files: results.map(({ sourceId: _s, ...r }) => r), totals });
}

function ingestTable(results: FileIngestResult[]): string {
  if (results.length === 0) return 'No files to ingest.\n';
  // The Failed column appears only when some source logs failed requests (batch output, Bedrock logs...).
  const anyFailed = results.some((r) => r.failed > 0);
  const rows = results.map((r) => [
    r.file,
    r.format,
    int(r.added),
    int(r.duplicates),
    int(r.skipped),
    ...(anyFailed ? [int(r.failed)] : []),
    [r.alreadyIngested ? 'already ingested' : '', batchNote(r)].filter((n) => n !== '').join('; '),
  ]);
  const sum = (k: 'added' | 'duplicates' | 'skipped' | 'failed') => int(results.reduce((n, r) => n + r[k], 0));
  if (results.length > 1) rows.push(['total', '', sum('added'), sum('duplicates'), sum('skipped'), ...(anyFailed ? [sum('failed')] : []), '']);
  return `${textTable(['File', 'Format', 'Added', 'Duplicate', 'Skipped', ...(anyFailed ? ['Failed'] : []), ''], rows, { indent: '' }).join('\n')}\n`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${int(n)} ${n === 1 ? one : many}`;

/** How an OpenAI Batch input and output were joined by custom_id (ingest/batch-input-join.ts). */
function batchNote(r: FileIngestResult): string {
  if (r.batchJoin) {
    const { joined, unjoined } = r.batchJoin;
    return `prompts joined to ${plural(joined, 'record')}${unjoined > 0 ? `, ${plural(unjoined, 'record')} without an input line` : ''}`;
  }
  const b = r.batchInput;
  if (!b) return '';
  if (!b.read) return 'batch input: not read (--no-fingerprints keeps no prompt fingerprints)';
  if (b.outputs.length === 0) return `batch input: ${plural(b.prompts, 'prompt')}, no batch output file beside it to join them to`;
  const parts = [`batch input: ${plural(b.prompts, 'prompt')}, joined to ${plural(b.joinedRecords, 'record')} of ${b.outputs.join(', ')}`];
  if (b.withoutRecord > 0) parts.push(`${plural(b.withoutRecord, 'prompt')} without a usage record (failed or expired requests)`);
  return parts.join('; ');
}
