import type { CompressDoc } from '../prompt/compress-doc.js';
import { termText } from './escape.js';
import { callUsd, documentJson, int, pct, usd } from '../util/numbers.js';
import { textTable } from './format.js';
import { modelLabel, SHORT_ENCODING } from './prompt-format.js';
import { renderDiff } from './prompt-diff.js';
import { rendererOf, type Renderers } from './renderer.js';

const STATUS: Record<CompressDoc['passes'][number]['status'], string> = {
  ran: '',
  off: 'off',
  'target-reached': 'not needed (target reached)',
  'not-applicable': 'n/a',
  reverted: 'undone (would not shrink)',
};

/** The flag that turns a pass on or off, for the report's hints. */
const FLAG: Record<string, string> = {
  whitespace: '--no-whitespace',
  markdown: '--no-markdown',
  json: '--no-json',
  tabular: '--tabular',
  phrases: '--no-phrases',
  dedupe: '--no-dedupe',
  scaffolding: '--no-scaffolding',
  chat: '--no-chat',
  examples: '--keep-examples N',
  stopwords: '--stopwords',
};

/** Why a pass did not apply: a chat pass on a file that is not a chat, a prose pass on JSON or YAML data. */
function notApplicable(id: string, document: CompressDoc['document']): string {
  if (id === 'chat') return 'n/a (not a chat file)';
  return document === 'json' || document === 'yaml' ? 'n/a (JSON/YAML data)' : 'n/a';
}

export const COMPRESS_RENDERERS: Renderers<'compress', CompressDoc> = {
  text: (doc, opts) => renderCompressText(doc, opts.color ?? false),
  json: (doc) => documentJson(doc),
};

/** The report (stderr in plain mode, or stdout with --format json). */
export function renderCompressReport(doc: CompressDoc, format: string, color: boolean): string {
  return rendererOf('compress', COMPRESS_RENDERERS, format)(doc, { color });
}

function renderCompressText(doc: CompressDoc, color: boolean): string {
  const out = [`llmcost compress ${termText(doc.file)}: ${termText(doc.summary)}`];
  if (doc.unchanged === 'short') return `${out.join('\n')}\n`;
  const enc = doc.encodings;
  out.push(
    '',
    ...textTable(
      ['Encoding', 'Before', 'After', 'Saved', '%'],
      enc.map((e) => [e.encoding, int(e.before), int(e.after), int(e.saved), pct(e.savedShare)]),
    ),
  );
  const primary = enc[0]!.encoding;
  out.push('', `Passes (tokens saved, ${SHORT_ENCODING[primary]}):`);
  out.push(
    ...textTable(
      ['Pass', 'Saved', 'Note'],
      doc.passes.map((p) => [
        p.label,
        p.status === 'ran' ? int(p.saved[primary] ?? 0) : '—',
        p.status === 'off' ? `off (${FLAG[p.id]})` : p.status === 'not-applicable' ? notApplicable(p.id, doc.document) : STATUS[p.status],
      ]),
    ),
  );
  out.push(
    '',
    `Saved (input side, standard rates; per month at ${int(doc.callsPerDay)} calls/day × ${doc.daysPerMonth} days):`,
    ...textTable(
      ['Model', 'Per call', 'Per 1,000 calls', 'Per month'],
      doc.models.map((m) => [modelLabel({ id: m.model, estimate: m.estimate }), callUsd(m.savedPerCall), usd(m.savedPer1000Calls), usd(m.savedPerMonth)]),
    ),
  );
  if (doc.protectedSpans > 0)
    out.push(
      '',
      `${int(doc.protectedSpans)} distinct protected span(s) (code, quotes, numbers, URLs, paths, placeholders, negations and modals with their word, [[keep]]) left exactly as written.`,
    );
  for (const p of doc.passes) if (p.warning) out.push(`warning: ${p.warning}`);
  if (doc.outputFile) out.push(`Written to ${termText(doc.outputFile)}.`);
  if (doc.diff) out.push('', 'Changes:', renderDiff(doc.diff, color));
  return `${out.join('\n')}\n`;
}
