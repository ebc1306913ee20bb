import type { CheckReport } from '../check/result-types.js';
import { checkMarkdown } from './check-markdown.js';
import { capMarkdown } from './escape.js';

/**
 * The first line of the pull-request comment: an HTML comment GitHub does not show, by which a workflow
 * (the repository's action.yml) finds the comment it posted before and updates it rather than adding one.
 */
export const COMMENT_MARKER = '<!-- llmcost-check -->';

/** GitHub refuses a comment body over 65,536 characters. */
export const COMMENT_LIMIT_CHARACTERS = 65_536;

/**
 * Room for the report under the limit. It is counted in UTF-8 bytes, never fewer than the characters GitHub
 * counts (whichever way it counts them), with room to spare for the marker and the note of a cut.
 */
const REPORT_BYTES = COMMENT_LIMIT_CHARACTERS - 1024;

/** The check report as one sticky pull-request comment: the marker, then the Markdown report, cut to fit. */
export function renderCheckComment(r: CheckReport): string {
  const note =
    "_The comment was cut here to fit GitHub's limit of 65,536 characters: the workflow run's job summary (`--format github`) or `llmcost check --format json` has all of it._";
  return `${COMMENT_MARKER}\n${capMarkdown(checkMarkdown(r), REPORT_BYTES, note)}`;
}
