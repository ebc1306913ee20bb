import { Chalk, type ChalkInstance } from 'chalk';
import { wrap } from '../util/numbers.js';
import { mdText, RawMarkdown, termText } from './escape.js';
import { fit, markdownTable, textTable } from './format.js';

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
}

export interface SectionDocument {
  heading: string;
  /** Lines under the heading: what the report covers. */
  scope: string[];
  sections: Section[];
}

/** Where a document is rendered: builders shorten long names for a terminal's width only. */
export type Medium = 'text' | 'markdown';

/** Shortens a name to a column's width on a terminal; Markdown keeps it whole. */
export function fitFor(medium: Medium): (s: string, w: number) => string {
  return medium === 'text' ? fit : (s) => s;
}

const TEXT_WIDTH = 80;

const plain = (c: Cell): string => (c instanceof RawMarkdown ? c.text : c);

/** A section for a terminal: the title in bold, the table, the notes dimmed and wrapped at 80 columns under a hanging indent. */
export function sectionText(c: ChalkInstance, s: Section): string[] {
  const out = [c.bold(termText(s.title))];
  if (s.header.length > 0)
    out.push(
      ...textTable(
        s.header,
        s.rows.map((r) => r.map(plain)),
      ),
    );
  for (const n of s.notes.map(plain)) {
    const hang = /^(\s*)(- )?/.exec(n)![0].length;
    out.push(...wrap(termText(n), TEXT_WIDTH, { indent: '  ', hang: ' '.repeat(2 + hang) }).map((l) => c.dim(l)));
  }
  return out;
}

/** The whole document for a terminal: fits 80 columns; coloured unless `color` is false. */
export function renderSectionsText(doc: SectionDocument, color: boolean): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const out: string[] = [c.bold(termText(doc.heading)), ...doc.scope.flatMap((l) => wrap(termText(l), TEXT_WIDTH, { hang: '  ' })).map((l) => c.dim(l))];
  for (const s of doc.sections) out.push('', ...sectionText(c, s));
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
