import { basename } from 'node:path';
import { readText } from '../util/files.js';
import { isSeq, LineCounter, parseDocument, type Node } from 'yaml';

/**
 * The line of each entry of `budgets` in a JSON or YAML config (JSON is read as the YAML it also is), so
 * that an annotation about a spend budget points at its definition. JavaScript configs have no such lines:
 * an empty list.
 */
export function budgetLines(file: string): (number | null)[] {
  if (/\.(c|m)?(j|t)s$/.test(file)) return [];
  let text: string;
  try {
    text = readText(file, { what: 'Config file' });
  } catch {
    return [];
  }
  const lineCounter = new LineCounter();
  // Aliases are not expanded here (only node positions are read), so an alias bomb costs nothing.
  const doc = parseDocument(text, { lineCounter });
  const path = basename(file) === 'package.json' ? ['llmcost', 'budgets'] : ['budgets'];
  const list = doc.getIn(path, true) as Node | undefined;
  if (!isSeq(list)) return [];
  return list.items.map((item) => {
    const offset = (item as Node | null)?.range?.[0];
    return offset === undefined ? null : lineCounter.linePos(offset).line;
  });
}
