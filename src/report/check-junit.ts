import type { BudgetResult, CheckReport } from '../check/result-types.js';
import { byImportance } from '../check/summarize.js';
import { BUDGET_KINDS } from '../check/budget-types.js';
import { STATUS_LABEL } from './check-format.js';
import { guardXml, xmlAttr, xmlText } from './escape.js';

function testcase(b: BudgetResult): string[] {
  const attrs = `classname="llmcost.check.${b.kind}" name="${xmlAttr(b.name)}" time="0"`;
  const broken = b.checks.filter((c) => c.status === 'fail' || c.status === 'warn').sort(byImportance);
  const lines = [`    <testcase ${attrs}>`];
  if (b.status === 'skipped') lines.push(`      <skipped message="${xmlAttr(b.message)}"/>`);
  if (b.status === 'fail') {
    const body = broken.map((c) => `${STATUS_LABEL[c.status]} ${c.message}`).join('\n');
    lines.push(`      <failure message="${xmlAttr(b.message)}" type="budget">${xmlText(body)}</failure>`);
  }
  // Warnings are not failures in JUnit's terms: they go to the case's output (every check), where CI viewers show it.
  const out = [`${STATUS_LABEL[b.status]} ${b.message}`, ...(b.checks.length > 1 ? b.checks.map((c) => `  ${STATUS_LABEL[c.status]} ${c.message}`) : [])];
  lines.push(`      <system-out>${xmlText(out.join('\n'))}</system-out>`, '    </testcase>');
  return lines;
}

/** JUnit XML: one test suite per budget kind, one test case per budget; a budget over its fail level is a failure. */
export function renderCheckJunit(r: CheckReport): string {
  const suites = BUDGET_KINDS.map((kind) => r.budgets.filter((b) => b.kind === kind)).filter((list) => list.length > 0);
  const count = (list: BudgetResult[], s: string) => list.filter((b) => b.status === s).length;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="llmcost check" tests="${r.budgets.length}" failures="${count(r.budgets, 'fail')}" errors="0" skipped="${count(r.budgets, 'skipped')}" time="0">`,
  ];
  for (const list of suites) {
    const kind = list[0]!.kind;
    out.push(
      `  <testsuite name="llmcost check: ${kind} budgets" tests="${list.length}" failures="${count(list, 'fail')}" errors="0" skipped="${count(list, 'skipped')}" time="0" timestamp="${r.now.slice(0, 19)}">`,
      ...list.flatMap(testcase),
      '  </testsuite>',
    );
  }
  out.push('</testsuites>');
  return guardXml(`${out.join('\n')}\n`);
}
