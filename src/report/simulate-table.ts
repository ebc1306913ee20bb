import { Chalk } from 'chalk';
import type { SimulationDocument } from '../simulate/document.js';
import { termText } from './escape.js';
import { fit, textTable } from './format.js';
import { heading, scopeLines, sections } from './simulate-sections.js';

/** Breaks a note into lines of at most `width` characters at spaces; continuation lines are indented. */
function wrap(text: string, width: number, indent: string, more: string): string[] {
  const lines: string[] = [];
  let line = indent;
  for (const word of text.split(' ')) {
    if (line.trim() !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = more + word;
    } else line += (line.trim() === '' ? '' : ' ') + word;
  }
  lines.push(line);
  return lines;
}

/** The human report: fits 80 columns; colored unless `color` is false. */
export function renderSimulateTable(doc: SimulationDocument, color: boolean): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const out: string[] = [c.bold(termText(heading(doc))), ...scopeLines(doc).flatMap((l) => wrap(termText(l), 80, '', '  ')).map((l) => c.dim(l))];
  for (const s of sections(doc, fit)) {
    out.push('', c.bold(termText(s.title)));
    if (s.header.length > 0) out.push(...textTable(s.header, s.rows));
    for (const n of s.notes) {
      const hang = /^(\s*)(- )?/.exec(n)![0].length;
      out.push(...wrap(termText(n), 80, '  ', ' '.repeat(2 + hang)).map((l) => c.dim(l)));
    }
  }
  return `${out.join('\n')}\n`;
}
