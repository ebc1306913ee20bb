import type { AuditDocument } from '../../audit/document.js';
import { renderAuditHtml } from '../../report/audit-html.js';
import { nowMs } from '../../util/span.js';
import { writeText } from '../../util/files.js';
import { writeErrLine } from '../output.js';

/** Writes the HTML report; a path that cannot be written is a user mistake, said in one sentence. */
export function writeHtmlReport(path: string, doc: AuditDocument): void {
  writeText(path, renderAuditHtml(doc, new Date(nowMs()).toISOString().slice(0, 16).replace('T', ' ') + ' UTC'), 'the HTML report to');
  writeErrLine('llmcost: ', `wrote ${path}`);
}
