import type { TemplateReport } from './templates.js';
import type { ConflictListing, FileIngestResult } from '../ingest/ingest.js';
import type { SkippedLine } from '../usage/skip.js';
import type { Analysis } from './analyze.js';
import type { Reconciliation } from './reconcile.js';
import type { AuditReport } from './report.js';

/** A file's ingest as the audit reports it: the counts, without the lines listed elsewhere in the document. */
export type IngestSummary = Pick<
  FileIngestResult,
  'file' | 'format' | 'added' | 'duplicates' | 'conflicts' | 'replaced' | 'skipped' | 'failed' | 'alreadyIngested'
>;

/** Everything `llmcost audit` reports; `--format json` prints exactly this (README "JSON output"). */
export interface AuditDocument extends AuditReport, Omit<Analysis, 'groupBy'> {
  /** The --group-by breakdown; `key` is the grouping as given ("feature,model"), rows carry percentiles. */
  groupBy: { key: string } & Analysis['groupBy'];
  scope: {
    /** Files the report is restricted to, or null for the whole database. */
    files: string[] | null;
    since: string | null;
    until: string | null;
    tz: string;
  };
  catalog: { snapshot: string; layers: string[] };
  ingest: IngestSummary[];
  skipped: SkippedLine[];
  /** All skipped lines in scope; `skipped` lists at most 1,000 of them. */
  skippedTotal: number;
  /** Requests the sources logged as failed (no usage), at most 1,000 of them. */
  failed: SkippedLine[];
  failedTotal: number;
  /** Prompt templates found from fingerprints (README "Prompt fingerprints"); null when no request in scope has one. */
  templates: TemplateReport | null;
  /** Keys held twice with different figures, and the copy the identity rule kept (README "Record identity"). */
  conflicts: ConflictListing[];
  conflictsTotal: number;
  /** Reported vs computed cost, where sources state their own cost; null when none in scope does. */
  reconciliation: Reconciliation | null;
}
