import type { TokensDoc } from '../tokens/document.js';
import { callUsd, documentJson, int, usd } from '../util/numbers.js';
import { csvCell } from './escape.js';
import { textTable } from './format.js';
import { countingNote, modelLabel, SHORT_ENCODING, volumeNote } from './prompt-format.js';
import { rendererOf, type Renderers } from './renderer.js';

export const TOKENS_RENDERERS: Renderers<'tokens', TokensDoc> = {
  table: (doc) => renderTable(doc),
  json: (doc) => documentJson(doc),
  csv: (doc) => renderCsv(doc),
};

export function renderTokens(doc: TokensDoc, format: string): string {
  return rendererOf('tokens', TOKENS_RENDERERS, format)(doc, {});
}

function renderTable(doc: TokensDoc): string {
  const header = ['File', ...doc.encodings.map((e) => SHORT_ENCODING[e]), ...doc.models.flatMap((m) => [`${modelLabel(m)} /call`, '/month'])];
  const rows = doc.files.map((f) => [
    f.kind === 'chat' ? `${f.path} (${f.messages} msgs)` : f.path,
    ...doc.encodings.map((e) => int(f.tokens[e] ?? 0)),
    ...f.models.flatMap((c) => [callUsd(c.costPerCall), usd(c.costPerMonth)]),
  ]);
  if (doc.files.length > 1) {
    const t = doc.total;
    rows.push([
      `Total (${int(t.files)} files, one call each)`,
      ...doc.encodings.map((e) => int(t.tokens[e] ?? 0)),
      ...t.models.flatMap((c) => [callUsd(c.costPerCall), usd(c.costPerMonth)]),
    ]);
  }
  const out = [...textTable(header, rows, { indent: '' }), '', countingNote(doc.models), volumeNote(doc.outputTokens, doc.callsPerDay, doc.daysPerMonth)];
  const nonText = doc.files.reduce((n, f) => n + f.nonTextParts, 0);
  if (nonText > 0) out.push(`${int(nonText)} non-text content part(s) (images, audio, files) in chat files are not counted.`);
  if (doc.skipped.length > 0) out.push(`Skipped ${int(doc.skipped.length)} binary file(s).`);
  return `${out.join('\n')}\n`;
}

/** One row per file and model, for spreadsheets and scripts. */
function renderCsv(doc: TokensDoc): string {
  const lines = ['file,kind,messages,model,encoding,estimate,tokens,cost_per_call_usd,cost_per_month_usd'];
  for (const f of doc.files) {
    f.models.forEach((c, i) => {
      const m = doc.models[i]!;
      lines.push([f.path, f.kind, f.messages ?? '', m.id, m.encoding, m.estimate, c.tokens, c.costPerCall, c.costPerMonth].map(csvCell).join(','));
    });
  }
  return `${lines.join('\n')}\n`;
}
