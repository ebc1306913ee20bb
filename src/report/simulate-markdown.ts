import type { SimulationDocument } from '../simulate/document.js';
import { mdText } from './escape.js';
import { markdownTable } from './format.js';
import { heading, scopeLines, sections } from './simulate-sections.js';

/** The report as Markdown (a PR comment or a wiki page): the same sections as the table. */
export function renderSimulateMarkdown(doc: SimulationDocument): string {
  const out: string[] = [`## ${mdText(heading(doc))}`, '', ...scopeLines(doc).map((l) => `${mdText(l)}  `)];
  for (const s of sections(doc, (x) => x)) {
    out.push('', `### ${mdText(s.title)}`, '');
    if (s.header.length > 0) out.push(...markdownTable(s.header.map((h, i) => (i === 0 && h === '' ? ' ' : h)), s.rows), '');
    for (const n of s.notes) out.push(n.startsWith('- ') ? `- ${mdText(n.slice(2))}` : `${mdText(n)}  `);
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
