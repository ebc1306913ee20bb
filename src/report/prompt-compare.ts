import type { CompareDoc } from '../prompt/compare.js';
import { mdCode, termText } from './escape.js';
import { callUsd, cut, documentJson, int, signedInt, signedPercent, signedUsd, usd } from '../util/numbers.js';
import { markdownTable, textTable } from './format.js';
import { countingNote, modelLabel, volumeNote } from './prompt-format.js';
import { renderDiff } from './prompt-diff.js';
import { rendererOf, type Renderers } from './renderer.js';
import type { PromptModel } from '../tokens/models.js';

const oneLine = (s: string, w = 60) => cut(s.replace(/\s+/g, ' ').trim(), w);

function variantLabel(v: CompareDoc['a']): string {
  return v.kind === 'chat' ? `${v.path} (${v.messages} messages)` : v.path;
}

function sections(doc: CompareDoc) {
  const tokens = {
    header: ['Encoding', 'A', 'B', 'Δ', 'Δ %'],
    rows: doc.encodings.map((e) => [e.encoding, int(e.a), int(e.b), signedInt(e.delta), signedPercent(e.deltaShare * 100)]),
  };
  const costs = {
    header: ['Model', 'A /call', 'B /call', 'Δ /call', 'A /month', 'B /month', 'Δ /month'],
    rows: doc.models.map((m) => [
      modelLabel({ id: m.model, estimate: m.estimate }),
      callUsd(m.a.costPerCall),
      callUsd(m.b.costPerCall),
      signedUsd(m.delta.costPerCall, { dollars: callUsd }),
      usd(m.a.costPerMonth),
      usd(m.b.costPerMonth),
      signedUsd(m.delta.costPerMonth),
    ]),
  };
  const change = (h: CompareDoc['hunks'][number]) =>
    [h.removed ? `-“${oneLine(h.removed, 28)}”` : '', h.added ? `+“${oneLine(h.added, 28)}”` : ''].filter(Boolean).join(' ');
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

export const COMPARE_RENDERERS: Renderers<'compare', CompareDoc> = {
  table: (doc, opts) => renderCompareText(doc, opts.color ?? false),
  json: (doc) => documentJson(doc),
  markdown: (doc) => renderCompareMarkdown(doc),
};

export function renderCompare(doc: CompareDoc, format: string, color: boolean): string {
  return rendererOf('compare', COMPARE_RENDERERS, format)(doc, { color });
}

const hunkNote = (doc: CompareDoc) => `Changes (${doc.primary} tokens of each removed and added piece, counted on its own):`;

function renderCompareMarkdown(doc: CompareDoc): string {
  const s = sections(doc);
  const out = [
    `### Prompt A/B: ${mdCode(variantLabel(doc.a))} → ${mdCode(variantLabel(doc.b))}`,
    '',
    ...markdownTable(s.tokens.header, s.tokens.rows),
    '',
    ...markdownTable(s.costs.header, s.costs.rows),
    '',
  ];
  out.push(...notes(doc).map((n) => `_${n}_`), '');
  if (doc.hunks.length === 0) out.push('The two prompts are identical.');
  else out.push(hunkNote(doc), '', ...markdownTable(s.hunks.header, s.hunks.rows));
  return `${out.join('\n')}\n`;
}

function renderCompareText(doc: CompareDoc, color: boolean): string {
  const s = sections(doc);
  const out = [
    `A: ${termText(variantLabel(doc.a))}`,
    `B: ${termText(variantLabel(doc.b))}`,
    '',
    ...textTable(s.tokens.header, s.tokens.rows),
    '',
    ...textTable(s.costs.header, s.costs.rows),
    '',
    ...notes(doc),
    '',
  ];
  if (doc.hunks.length === 0) out.push('The two prompts are identical.');
  else {
    // The change text reads best left-aligned after the figures.
    out.push(hunkNote(doc), ...textTable(s.hunks.header, s.hunks.rows, { left: new Set([0, 4]) }), '', 'Word diff (A → B):', renderDiff(doc.diff, color));
  }
  return `${out.join('\n')}\n`;
}
