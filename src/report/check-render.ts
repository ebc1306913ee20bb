import type { CheckReport } from '../check/result-types.js';
import { renderAnnotations } from './check-github.js';
import { renderCheckJunit } from './check-junit.js';
import { renderCheckMarkdown } from './check-markdown.js';
import { renderCheckTable } from './check-table.js';
import { exactUsd } from './format.js';

/** The --format choices (listed again in register-check.ts, which must not load this module). */
export type CheckFormat = 'table' | 'json' | 'markdown' | 'junit' | 'github';

/** JSON with fractions rounded to 1e-10 (float noise off; dollars are never rounded to cents). */
export function checkJson(r: CheckReport): string {
  return `${JSON.stringify(r, (_key, value) => (typeof value === 'number' && !Number.isInteger(value) ? exactUsd(value) : value), 2)}\n`;
}

/** What the command prints on stdout in each format (`github`: the annotations; its Markdown goes to the job summary). */
export function renderCheck(r: CheckReport, format: CheckFormat, opts: { color: boolean; workspace: string }): string {
  switch (format) {
    case 'json':
      return checkJson(r);
    case 'markdown':
      return renderCheckMarkdown(r);
    case 'junit':
      return renderCheckJunit(r);
    case 'github':
      return renderAnnotations(r, opts.workspace);
    default:
      return renderCheckTable(r, opts.color);
  }
}
