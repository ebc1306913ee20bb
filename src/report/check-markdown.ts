import type { BudgetResult, CheckReport, Status } from '../check/result-types.js';
import { byImportance } from '../check/summarize.js';
import { DIFF_HEADER, diffRow, figure, level, summaryLine } from './check-format.js';
import { capMarkdown, mdCode, rawMd } from './escape.js';
import { int } from '../util/numbers.js';
import { markdownTable, mdCell } from './format.js';

const ICON: Record<Status, string> = { pass: '✅ pass', warn: '⚠️ warn', fail: '❌ fail', skipped: '⏭️ skipped' };
const DIFF_FILES_SHOWN = 50;
/** Checks listed under one budget (a `per: user` budget can break thousands); the JSON lists all. */
const CHECKS_SHOWN = 50;
/** GitHub refuses a job summary over 1 MiB; the report keeps well under it on its own. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024;

/** A diff budget's file table (title, table, notes); null when it compared nothing. */
function diffSection(b: BudgetResult): { title: string; table: string[]; notes: string[] } | null {
  const d = b.diff;
  if (!d?.base || !d.total) return null;
  const changed = d.files.filter((f) => f.change !== 'unchanged');
  const rows = [
    ...changed.slice(0, DIFF_FILES_SHOWN).map((f) => diffRow(f, rawMd(mdCode(f.file, { table: true })))),
    diffRow(d.total, rawMd(`**total** (${d.total.files} files)`)),
  ];
  const table = markdownTable(DIFF_HEADER, rows);
  if (changed.length > DIFF_FILES_SHOWN) table.push('', `… and ${changed.length - DIFF_FILES_SHOWN} more changed files.`);
  const notes: string[] = [];
  const unchanged = d.files.length - changed.length;
  if (unchanged > 0) notes.push(`${unchanged} unchanged file${unchanged === 1 ? '' : 's'} not listed`);
  if (d.estimate) notes.push(`token counts are ${d.encoding} estimates (${d.model ? `${d.model} has no public tokenizer` : 'the budget names no model'})`);
  if (d.callsPerMonth !== null) notes.push(`monthly cost at ${int(Math.round(d.callsPerMonth))} calls a month (${d.volume})`);
  return { title: `#### ${mdCell(b.name)}: prompt files against ${mdCode(d.base.ref)} (${mdCode(d.base.commit.slice(0, 12))})`, table, notes };
}

/** Markdown for a pull-request comment or the GitHub job summary. */
export function renderCheckMarkdown(r: CheckReport, maxBytes = SUMMARY_LIMIT_BYTES - 16 * 1024): string {
  const head = r.status === 'fail' ? '❌' : r.status === 'warn' ? '⚠️' : '✅';
  const out = [`## ${head} llmcost check: ${summaryLine(r)}`, ''];
  if (r.warnOnly && r.summary.fail > 0) out.push('_Run with `--warn-only`: fail levels do not fail the build._', '');
  out.push(
    ...markdownTable(
      ['Budget', 'Status', 'Kind', 'Figure', 'Warn', 'Fail'],
      r.budgets.map((b) => [b.name, ICON[b.status], b.kind, figure(b), level(b.warn, b.unit, b.kind), level(b.fail, b.unit, b.kind)]),
    ),
  );
  out.push('', '### Details', '');
  for (const b of r.budgets) {
    const broken = b.checks.filter((c) => c.status === 'warn' || c.status === 'fail').sort(byImportance);
    out.push(`- ${ICON[b.status]} **${mdCell(b.name)}**: ${mdCell(broken.length > 1 ? `${broken.length} over a level:` : b.message)}`);
    if (broken.length > 1) for (const c of broken.slice(0, CHECKS_SHOWN)) out.push(`  - ${ICON[c.status]} ${mdCell(c.message)}`);
    if (broken.length > CHECKS_SHOWN) out.push(`  - … ${broken.length - CHECKS_SHOWN} more (--format json lists all)`);
  }
  // Budgets over the same files with the same model and volume have the same table: it is shown once.
  const shown = new Set<string>();
  for (const b of r.budgets) {
    const section = diffSection(b);
    if (!section) continue;
    const key = section.table.join('\n');
    if (shown.has(key)) continue;
    shown.add(key);
    out.push('', section.title, '', ...section.table);
    if (section.notes.length > 0) out.push('', `_${section.notes.join('; ')}._`);
  }
  if (r.warnings.length > 0) out.push('', '### Warnings', '', ...r.warnings.map((w) => `- ${mdCell(w)}`));
  out.push('', `<sub>now ${r.now}, time zone ${r.tz}${r.base ? `, base ${mdCell(r.base.ref)} (${r.base.commit.slice(0, 12)})` : ''}</sub>`);
  return capMarkdown(
    `${out.join('\n')}\n`,
    maxBytes,
    '_The report was cut here to fit a GitHub job summary (1 MiB): `llmcost check --format json` has all of it._',
  );
}
