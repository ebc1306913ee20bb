import type { CompareDoc } from '../prompt/compare.js';
import { mdCode, termText } from './escape.js';
import { int, markdownTable, pct, textTable, usd } from './format.js';
import { callUsd, countingNote, modelLabel, signedInt, signedUsd, volumeNote } from './prompt-format.js';
import { renderDiff } from './prompt-diff.js';
import type { PromptModel } from '../tokens/models.js';

const signedPct = (x: number) => (x > 0 ? `+${pct(x)}` : pct(x));
const oneLine = (s: string, w = 60) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length <= w ? t : `${t.slice(0, w - 1)}…`;
};

function variantLabel(v: CompareDoc['a']): string {
  return v.kind === 'chat' ? `${v.path} (${v.messages} messages)` : v.path;
}

function sections(doc: CompareDoc) {
  const tokens = {
    header: ['Encoding', 'A', 'B', 'Δ', 'Δ %'],
    rows: doc.encodings.map((e) => [e.encoding, int(e.a), int(e.b), signedInt(e.delta), signedPct(e.deltaShare)]),
  };
  const costs = {
    header: ['Model', 'A /call', 'B /call', 'Δ /call', 'A /month', 'B /month', 'Δ /month'],
    rows: doc.models.map((m) => [
      modelLabel({ id: m.model, estimate: m.estimate }),
      callUsd(m.a.costPerCall),
      callUsd(m.b.costPerCall),
      signedUsd(m.delta.costPerCall, true),
      usd(m.a.costPerMonth),
      usd(m.b.costPerMonth),
      signedUsd(m.delta.costPerMonth),
    ]),
  };
  const change = (h: CompareDoc['hunks'][number]) => [h.removed ? `-“${oneLine(h.removed, 28)}”` : '', h.added ? `+“${oneLine(h.added, 28)}”` : ''].filter(Boolean).join(' ');
  const hunks = {
    header: ['Line', 'Removed', 'Added', 'Δ tokens', 'Change'],
    rows: doc.hunks.map((h) => [String(h.line), int(h.tokensRemoved), int(h.tokensAdded), signedInt(h.tokensAdded - h.tokensRemoved), change(h)]),
  };
  return { tokens, costs, hunks };
}

function notes(doc: CompareDoc): string[] {
  const models = doc.models.map((m) => ({ id: m.model, estimate: m.estimate, encoding: m.encoding }) as PromptModel);
  return [countingNote(models), volumeNote(doc.outputTokens, doc.callsPerDay, doc.daysPerMonth)];
}

export function renderCompare(doc: CompareDoc, format: string, color: boolean): string {
  if (format === 'json') return `${JSON.stringify(doc, null, 2)}\n`;
  const s = sections(doc);
  const hunkNote = `Changes (${doc.primary} tokens of each removed and added piece, counted on its own):`;
  if (format === 'markdown') {
    const out = [`### Prompt A/B: ${mdCode(variantLabel(doc.a))} → ${mdCode(variantLabel(doc.b))}`, '', ...markdownTable(s.tokens.header, s.tokens.rows), '', ...markdownTable(s.costs.header, s.costs.rows), ''];
    out.push(...notes(doc).map((n) => `_${n}_`), '');
    if (doc.hunks.length === 0) out.push('The two prompts are identical.');
    else out.push(hunkNote, '', ...markdownTable(s.hunks.header, s.hunks.rows));
    return `${out.join('\n')}\n`;
  }
  const out = [`A: ${termText(variantLabel(doc.a))}`, `B: ${termText(variantLabel(doc.b))}`, '', ...textTable(s.tokens.header, s.tokens.rows), '', ...textTable(s.costs.header, s.costs.rows), '', ...notes(doc), ''];
  if (doc.hunks.length === 0) out.push('The two prompts are identical.');
  else {
    // The change text reads best left-aligned after the figures.
    const lines = textTable(s.hunks.header.slice(0, 4), s.hunks.rows.map((r) => r.slice(0, 4)));
    out.push(hunkNote, ...lines.map((l, i) => `${l}  ${i === 0 ? 'Change' : termText(s.hunks.rows[i - 1]![4])}`), '', 'Word diff (A → B):', renderDiff(doc.diff, color));
  }
  return `${out.join('\n')}\n`;
}
