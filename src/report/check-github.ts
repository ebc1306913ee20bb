import { isAbsolute, relative, sep } from 'node:path';
import type { Check, CheckReport, Location } from '../check/result-types.js';
import { byImportance } from '../check/summarize.js';
import { summaryLine } from './check-format.js';
import { ghData, ghProperty } from './escape.js';

/** GitHub shows at most 10 error and 10 warning annotations per step; more are dropped silently. */
export const ANNOTATION_LIMIT = 10;

/** A path as GitHub wants it in an annotation: relative to the workspace (the checkout), '/'-separated. */
function annotationFile(loc: Location, workspace: string): string | null {
  const rel = relative(workspace, loc.file);
  if (rel.startsWith('..') || isAbsolute(rel)) return null;
  return rel.split(sep).join('/');
}

function command(kind: 'error' | 'warning' | 'notice', props: [string, string | number | null][], message: string): string {
  const p = props.filter(([, v]) => v !== null).map(([k, v]) => `${k}=${ghProperty(String(v))}`);
  return `::${kind}${p.length > 0 ? ` ${p.join(',')}` : ''}::${ghData(message)}`;
}

/**
 * Annotations for every check over a level, most important first (fail before warn, then the furthest over
 * its level), at most 10 errors and 10 warnings; when some are left out, one notice says how many.
 */
export function renderAnnotations(r: CheckReport, workspace: string): string {
  type Item = Pick<Check, 'status' | 'overBy' | 'value' | 'message' | 'location'> & { budget: string };
  const items: Item[] = r.budgets.flatMap((b) => {
    const broken: Item[] = b.checks.filter((c) => c.status === 'fail' || c.status === 'warn').map((c) => ({ ...c, budget: b.name }));
    // A budget that warns with nothing to check (no file matched) has no checks: it is annotated itself.
    if (b.status === 'warn' && b.checks.length === 0)
      broken.push({ status: 'warn', overBy: null, value: null, message: b.message, location: b.location, budget: b.name });
    return broken;
  });
  items.sort(byImportance);
  const lines: string[] = [];
  let left = 0;
  for (const kind of ['fail', 'warn'] as const) {
    const list = items.filter((x) => x.status === kind);
    for (const item of list.slice(0, ANNOTATION_LIMIT)) {
      const file = item.location ? annotationFile(item.location, workspace) : null;
      const props: [string, string | number | null][] = [
        ['file', file],
        ['line', file !== null ? item.location!.line : null],
        ['title', `llmcost budget ${item.budget}`],
      ];
      lines.push(command(kind === 'fail' ? 'error' : 'warning', props, item.message));
    }
    left += Math.max(0, list.length - ANNOTATION_LIMIT);
  }
  if (left > 0) {
    lines.push(
      command(
        'notice',
        [['title', 'llmcost check']],
        `${left} more checks over a level are not annotated (GitHub shows ${ANNOTATION_LIMIT} errors and ${ANNOTATION_LIMIT} warnings per step): see the job summary.`,
      ),
    );
  }
  lines.push(`llmcost check: ${summaryLine(r)}`);
  return `${lines.join('\n')}\n`;
}
