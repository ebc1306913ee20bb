import { Chalk, type ChalkInstance } from 'chalk';
import type { BudgetResult, CheckReport, Status } from '../check/result-types.js';
import { byImportance } from '../check/summarize.js';
import { DIFF_HEADER, diffRow, figure, level, STATUS_LABEL, summaryLine } from './check-format.js';
import { termText } from './escape.js';
import { fit, textTable } from './format.js';
import { sectionText } from './sections.js';

const DIFF_FILES_SHOWN = 30;

function paint(c: ChalkInstance, s: Status, text: string): string {
  return s === 'fail' ? c.red.bold(text) : s === 'warn' ? c.yellow(text) : s === 'pass' ? c.green(text) : c.dim(text);
}

/** The lines under a budget: every check over a level (most important first), else its one-sentence summary. */
function details(c: ChalkInstance, b: BudgetResult): string[] {
  const broken = b.checks.filter((x) => x.status === 'warn' || x.status === 'fail').sort(byImportance);
  if (broken.length === 0) return [`  ${c.dim(termText(b.message))}`];
  return broken.map((x) => `  ${paint(c, x.status, STATUS_LABEL[x.status])} ${termText(x.message)}`);
}

function diffTable(c: ChalkInstance, b: BudgetResult): string[] {
  const d = b.diff;
  if (!d?.base || !d.total) return [];
  const changed = d.files.filter((f) => f.change !== 'unchanged');
  const shown = changed.slice(0, DIFF_FILES_SHOWN);
  const rows = [...shown.map((f) => diffRow(f, fit(f.file, 40))), diffRow(d.total, `total (${d.total.files} files)`)];
  const notes: string[] = [];
  if (changed.length > shown.length) notes.push(`… ${changed.length - shown.length} more changed files (--format json lists all)`);
  const unchanged = d.files.length - changed.length;
  if (unchanged > 0) notes.push(`${unchanged} unchanged file${unchanged === 1 ? '' : 's'} not listed`);
  return sectionText(c, {
    title: `${b.name}: prompt files against ${d.base.ref} (${d.base.commit.slice(0, 12)})${d.estimate ? `, ${d.encoding} estimate` : ''}`,
    header: DIFF_HEADER,
    rows,
    notes,
  });
}

/** The human report: one line per budget, then what broke, then each diff budget's files. */
export function renderCheckTable(r: CheckReport, color: boolean): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const rows = r.budgets.map((b) => [fit(b.name, 28), STATUS_LABEL[b.status], b.kind, figure(b), level(b.warn, b.unit, b.kind), level(b.fail, b.unit, b.kind)]);
  const table = textTable(['Budget', 'Status', 'Kind', 'Figure', 'Warn', 'Fail'], rows).map((line, i) =>
    i === 0 ? c.bold(line) : paint(c, r.budgets[i - 1]!.status, line),
  );
  const out = [
    `${c.bold('llmcost check')}: ${summaryLine(r)}${r.warnOnly && r.summary.fail > 0 ? ' — --warn-only: not failing' : ''}`,
    c.dim(`  now ${r.now}, time zone ${r.tz}${r.config ? `, config ${termText(r.config)}` : ''}`),
    '',
    ...table,
  ];
  // Budgets over the same files with the same model and volume have the same table: it is shown once.
  const shown = new Set<string>();
  for (const b of r.budgets) {
    out.push('', `${paint(c, b.status, STATUS_LABEL[b.status])} ${c.bold(termText(b.name))}`, ...details(c, b));
    const [title, ...table] = diffTable(c, b);
    if (title === undefined) continue;
    const key = table.join('\n');
    out.push('', shown.has(key) ? c.dim(`  (prompt files as in the table above)`) : title, ...(shown.has(key) ? [] : table));
    shown.add(key);
  }
  return `${out.join('\n')}\n`;
}
