import type { SimulationDocument } from '../simulate/document.js';
import { exactUsd } from './format.js';
import { renderSimulateMarkdown } from './simulate-markdown.js';
import { renderSimulateTable } from './simulate-table.js';

/** Dollar amounts: keys ending in "Usd", and the P10/P50/P90 of the monthly ranges. */
const DOLLARS = /usd$|^p\d+$/i;

/** JSON with dollar amounts rounded to 1e-10 to drop float noise, never to cents. */
export function simulateJson(doc: SimulationDocument): string {
  return `${JSON.stringify(doc, (key, value) => (typeof value === 'number' && DOLLARS.test(key) ? exactUsd(value) : value), 2)}\n`;
}

export function renderSimulate(doc: SimulationDocument, format: string, color: boolean): string {
  switch (format) {
    case 'json':
      return simulateJson(doc);
    case 'markdown':
      return renderSimulateMarkdown(doc);
    default:
      return renderSimulateTable(doc, color);
  }
}
