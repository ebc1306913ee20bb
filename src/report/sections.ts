import { Chalk, type ChalkInstance } from 'chalk';
import { wrap } from '../util/numbers.js';
import { mdText, RawMarkdown, termText } from './escape.js';
import { markdownTable, proseWidth, textTable } from './format.js';

/**
 * The format-neutral model of a report: a heading, lines about its scope, and titled sections of a table and
 * the lines under it. The text and Markdown renderers below lay out any document built of these; what a
 * section says is decided once, by the document's builder, for both.
 */

/** A table cell: text, escaped by each renderer for its medium, or Markdown a builder wrote itself (Markdown only). */
export type Cell = string | RawMarkdown;

export interface Section {
  title: string;
  /** The table's header; a section without one is its notes only. */
  header: string[];
  rows: Cell[][];
  /** Lines after the table (explanations, totals); one starting with "- " is an item of a list; Markdown a builder wrote is taken as it is. */
  notes: Cell[];
  /** The columns of names a terminal narrower than the table cuts (util/numbers.ts `columns`); the first unless told. */
  shrink?: number[];
}

export interface SectionDocument {
  heading: string;
  /** Lines under the heading: what the report covers. */
  scope: string[];
  sections: Section[];
}

/** Where a document is rendered. */
export type Medium = 'text' | 'markdown';

const plain = (c: Cell): string => (c instanceof RawMarkdown ? c.text : c);

/**
 * A section for a terminal `width` columns wide (Infinity: piped, nothing cut): the title in bold, the table
 * with its names cut to the width, the notes dimmed and wrapped (`proseWidth`) under a hanging indent.
 */
export function sectionText(c: ChalkInstance, s: Section, width = Infinity): string[] {
  const out = [c.bold(termText(s.title))];
  if (s.header.length > 0)
    out.push(
      ...textTable(
        s.header,
        s.rows.map((r) => r.map(plain)),
        { width, shrink: s.shrink ?? [0] },
      ),
    );
  for (const n of s.notes.map(plain)) {
    const hang = /^(\s*)(- )?/.exec(n)![0].length;
    out.push(...wrap(termText(n), proseWidth(width), { indent: '  ', hang: ' '.repeat(2 + hang) }).map((l) => c.dim(l)));
  }
  return out;
}

/** The whole document for a terminal `width` columns wide (Infinity: piped); coloured unless `color` is false. */
export function renderSectionsText(doc: SectionDocument, color: boolean, width = Infinity): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const out: string[] = [c.bold(termText(doc.heading)), ...doc.scope.flatMap((l) => wrap(termText(l), proseWidth(width), { hang: '  ' })).map((l) => c.dim(l))];
  for (const s of doc.sections) out.push('', ...sectionText(c, s, width));
  return `${out.join('\n')}\n`;
}

/** A section as Markdown: a level-3 heading, the table, then after a blank line the notes: text as lines or list items, Markdown as written. */
export function sectionMarkdown(s: Section): string[] {
  const out = [`### ${mdText(s.title)}`, ''];
  if (s.header.length > 0) {
    out.push(...markdownTable(s.header, s.rows));
    if (s.notes.length > 0) out.push('');
  }
  for (const n of s.notes) out.push(n instanceof RawMarkdown ? n.text : n.startsWith('- ') ? `- ${mdText(n.slice(2))}` : `${mdText(n)}  `);
  return out;
}

/** The whole document as Markdown (a PR comment or a wiki page): the same sections as the text. */
export function renderSectionsMarkdown(doc: SectionDocument): string {
  const out: string[] = [`## ${mdText(doc.heading)}`, '', ...doc.scope.map((l) => `${mdText(l)}  `)];
  for (const s of doc.sections) out.push('', ...sectionMarkdown(s));
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
