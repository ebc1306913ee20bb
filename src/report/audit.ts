import type { AuditDocument } from '../audit/document.js';
import { renderAuditCsv } from './audit-csv.js';
import { renderAuditMarkdown } from './audit-markdown.js';
import { renderAuditTable } from './audit-table.js';
import { exactUsd } from './format.js';

/** JSON with dollar amounts rounded to 1e-10 (float noise off, never rounded to cents). */
export function auditJson(doc: AuditDocument): string {
  return `${JSON.stringify(doc, (key, value) => (typeof value === 'number' && /usd$/i.test(key) ? exactUsd(value) : value), 2)}\n`;
}

export function renderAudit(doc: AuditDocument, format: string, color: boolean): string {
  switch (format) {
    case 'json':
      return auditJson(doc);
    case 'csv':
      return renderAuditCsv(doc);
    case 'markdown':
      return renderAuditMarkdown(doc);
    default:
      return renderAuditTable(doc, color);
  }
}
