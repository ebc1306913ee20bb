import type { SimulationDocument } from '../simulate/document.js';
import { documentJson, dollarAndRangeKeys } from '../util/numbers.js';
import { type RenderOptions, rendererOf, type Renderers } from './renderer.js';
import { simulateSections } from './simulate-sections.js';
import { renderSectionsMarkdown, renderSectionsText } from './sections.js';

export const SIMULATE_RENDERERS: Renderers<'simulate', SimulationDocument> = {
  table: (doc, opts) => renderSectionsText(simulateSections(doc, 'text'), opts.color ?? false, opts.width),
  json: (doc) => documentJson(doc, dollarAndRangeKeys),
  markdown: (doc) => renderSectionsMarkdown(simulateSections(doc, 'markdown')),
};

export function renderSimulate(doc: SimulationDocument, format: string, opts: RenderOptions): string {
  return rendererOf('simulate', SIMULATE_RENDERERS, format)(doc, opts);
}
