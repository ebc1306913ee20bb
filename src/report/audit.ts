import type { AuditDocument } from '../audit/document.js';
import { documentJson, dollarKeys } from '../util/numbers.js';
import { renderAuditCsv } from './audit-csv.js';
import { renderAuditHtml } from './audit-html.js';
import { renderAuditMarkdown } from './audit-markdown.js';
import { renderAuditTable } from './audit-table.js';
import { type RenderOptions, rendererOf, required, type Renderers } from './renderer.js';

export const AUDIT_RENDERERS: Renderers<'audit', AuditDocument> = {
  table: (doc, opts) => renderAuditTable(doc, opts.color ?? false, opts.width),
  json: (doc) => documentJson(doc, dollarKeys),
  csv: renderAuditCsv,
  markdown: renderAuditMarkdown,
  html: (doc, opts) => renderAuditHtml(doc, required(opts.generatedAt, 'generatedAt')),
};

export function renderAudit(doc: AuditDocument, format: string, opts: RenderOptions): string {
  return rendererOf('audit', AUDIT_RENDERERS, format)(doc, opts);
}
