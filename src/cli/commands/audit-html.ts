import { writeFileSync } from 'node:fs';
import type { AuditDocument } from '../../audit/document.js';
import { renderAuditHtml } from '../../report/audit-html.js';
import { nowMs } from '../../util/span.js';
import { UserError } from '../../util/errors.js';
import { writeErrLine } from '../output.js';

/** Writes the HTML report; a path that cannot be written is a user mistake, said in one sentence. */
export function writeHtmlReport(path: string, doc: AuditDocument): void {
  try {
    writeFileSync(path, renderAuditHtml(doc, new Date(nowMs()).toISOString().slice(0, 16).replace('T', ' ') + ' UTC'));
  } catch (err) {
    throw new UserError(`Cannot write the HTML report to ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): check the folder exists and is writable.`);
  }
  writeErrLine('llmcost: ', `wrote ${path}`);
}
