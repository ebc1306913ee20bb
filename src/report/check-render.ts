import type { CheckReport } from '../check/result-types.js';
import { documentJson, everyFraction } from '../util/numbers.js';
import { renderCheckComment } from './check-comment.js';
import { renderAnnotations } from './check-github.js';
import { renderCheckJunit } from './check-junit.js';
import { renderCheckMarkdown } from './check-markdown.js';
import { renderCheckTable } from './check-table.js';
import type { FormatName } from './format-names.js';
import { type RenderOptions, rendererOf, required, type Renderers } from './renderer.js';

/** The --format choices (format-names.ts, which the command definition reads without loading this module). */
export type CheckFormat = FormatName<'check'>;

/**
 * What the command prints on stdout in each format (`github`: the annotations; its Markdown goes to the job
 * summary; `github-comment`: the Markdown as one sticky pull-request comment).
 */
export const CHECK_RENDERERS: Renderers<'check', CheckReport> = {
  table: (r, opts) => renderCheckTable(r, opts.color ?? false, opts.width),
  json: (r) => documentJson(r, everyFraction),
  markdown: (r) => renderCheckMarkdown(r),
  junit: renderCheckJunit,
  github: (r, opts) => renderAnnotations(r, required(opts.workspace, 'workspace')),
  'github-comment': renderCheckComment,
};

export function renderCheck(r: CheckReport, format: CheckFormat, opts: RenderOptions): string {
  return rendererOf('check', CHECK_RENDERERS, format)(r, opts);
}
