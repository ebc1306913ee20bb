import type { CompressedTemplate, CompressTopDocument } from '../audit/template-compression.js';
import type { EncodingName } from '../tokens/count.js';
import { documentJson, dollarKeys, int, pct, usd } from '../util/numbers.js';
import { SHORT_ENCODING, modelLabel } from './prompt-format.js';
import { rendererOf, type Renderers } from './renderer.js';
import { renderSectionsMarkdown, renderSectionsText, type Section, type SectionDocument } from './sections.js';

export const COMPRESS_TOP_RENDERERS: Renderers<'compressTop', CompressTopDocument> = {
  text: (doc, opts) => renderSectionsText(sectionsOf(doc), opts.color ?? false, opts.width),
  json: (doc) => documentJson(doc, dollarKeys),
  markdown: (doc) => renderSectionsMarkdown(sectionsOf(doc)),
};

/** The `compress --top` report in a format of FORMAT_NAMES.compressTop. */
export function renderCompressTop(doc: CompressTopDocument, format: string, opts: { color: boolean; width?: number }): string {
  return rendererOf('compressTop', COMPRESS_TOP_RENDERERS, format)(doc, opts);
}

const STATUS: Record<CompressedTemplate['passes'][number]['status'], string> = {
  ran: '',
  off: 'off',
  'target-reached': 'not needed (target reached)',
  'not-applicable': 'n/a',
  reverted: 'undone (would not shrink)',
};

const WHY_NOT: Record<Exclude<CompressedTemplate['status'], 'compressed'>, string> = {
  'no-stored-text': 'No prompt text is kept for its calls: ingest them with --store-prompts to compress it.',
  'one-stored-text': 'Only one of its calls has its prompt text kept: one text cannot tell the shared prefix from the varying tail.',
  'no-shared-line': 'Its kept prompt texts share no whole line: there is no stable prefix to compress.',
};

const callsPerMonth = (n: number) => int(Math.round(n));

function encodingsOf(t: CompressedTemplate): EncodingName[] {
  return Object.keys(t.prefix?.before ?? {}) as EncodingName[];
}

function templateSection(doc: CompressTopDocument, t: CompressedTemplate): Section {
  const title = `${t.rank}. template ${t.block}${t.preview === '' ? '' : `: ${t.preview}…`}`;
  const volume = `${int(t.calls)} call${t.calls === 1 ? '' : 's'} in ${doc.spanDays} day${doc.spanDays === 1 ? '' : 's'} = ${callsPerMonth(t.callsPerMonth)} calls/month, costing ${usd(t.costUsd)} (${t.models.join(', ')})`;
  if (t.status !== 'compressed' || t.prefix === null) return { title, header: [], rows: [], notes: [volume, WHY_NOT[t.status as keyof typeof WHY_NOT]] };
  const encodings = encodingsOf(t);
  const saved = (s: Partial<Record<EncodingName, number>>) => encodings.map((e) => int(s[e] ?? 0));
  const rows = t.passes
    .filter((p) => p.status !== 'off')
    .map((p) => (p.status === 'ran' ? [p.id, ...saved(p.saved), usd(p.monthlyUsd)] : [p.id, ...encodings.map(() => STATUS[p.status]), '']));
  const total: Partial<Record<EncodingName, number>> = {};
  for (const e of encodings) total[e] = (t.prefix.before[e] ?? 0) - (t.prefix.after[e] ?? 0);
  rows.push(['total', ...saved(total), usd(t.monthlyUsd)]);
  const prefix = encodings.map((e) => `${int(t.prefix!.before[e] ?? 0)} → ${int(t.prefix!.after[e] ?? 0)} tokens (${SHORT_ENCODING[e]})`).join(', ');
  const first = encodings[0]!;
  const share = (t.prefix.before[first] ?? 0) === 0 ? 0 : (total[first] ?? 0) / t.prefix.before[first]!;
  const notes = [
    volume,
    `Stable prefix: ${prefix}, ${pct(share)} saved; read from the ${int(t.storedCalls)} kept prompt text${t.storedCalls === 1 ? '' : 's'} of its ${int(t.calls)} calls.`,
    ...t.byModel.map(
      (m) =>
        `- ${modelLabel({ id: m.model, estimate: m.estimate })}: ${callsPerMonth(m.callsPerMonth)} calls/month × ${int(m.savedTokensPerCall)} tokens saved (${SHORT_ENCODING[m.encoding]}) = ${usd(m.monthlyUsd)}/month`,
    ),
  ];
  if (t.cachedShare > 0)
    notes.push(`${pct(t.cachedShare)} of its prompt tokens were read from a provider cache: the tokens saved there are priced at the cached rate.`);
  if (t.unpricedCalls > 0) notes.push(`${int(t.unpricedCalls)} of its calls are on models the catalog cannot price: no dollars for them.`);
  return { title, header: ['Pass', ...encodings.map((e) => `Saved (${SHORT_ENCODING[e]})`), '$/month'], rows, notes };
}

function sectionsOf(doc: CompressTopDocument): SectionDocument {
  const range = [doc.scope.since === null ? null : `from ${doc.scope.since}`, doc.scope.until === null ? null : `to ${doc.scope.until}`].filter(
    (s) => s !== null,
  );
  const scope = [
    `${range.length > 0 ? `${range.join(' ')} (${doc.scope.tz}): ` : ''}${doc.spanDays} day${doc.spanDays === 1 ? '' : 's'} of history; a month is ${doc.daysPerMonth} days (calls × ${doc.daysPerMonth} / ${doc.spanDays}).`,
    "Tokens saved are the stable prefix's (the part every call of a template shares); dollars are each call's cost less its cost without them, at its own model's catalog rates (cache reads at the cached rate).",
  ];
  const sections =
    doc.templates.length > 0
      ? doc.templates.map((t) => templateSection(doc, t))
      : [
          {
            title: 'No prompt templates',
            header: [],
            rows: [],
            notes: [`None of the ${int(doc.fingerprintedRequests)} fingerprinted requests in scope shares a prefix of 1,024 tokens or more with another.`],
          },
        ];
  return { heading: `llmcost compress --top ${doc.top}: the costliest prompt templates, compressed`, scope, sections };
}
