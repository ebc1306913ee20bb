import { readFileSync, statSync } from 'node:fs';
import { UserError } from '../util/errors.js';
import { readText } from '../util/files.js';
import { describeJsonError, jsonErrorPlace } from '../util/json-error.js';
import { SourceDocument } from '../util/validation.js';
import { buildCatalog, type Catalog, type CatalogLayer } from './catalog.js';
import { fromLiteLLM } from './litellm.js';
import type { CatalogFile, ModelPrice } from './types.js';
import { modelPriceProblems } from './validate.js';

let bundledCache: CatalogFile | undefined;

export function bundledCatalogFile(): CatalogFile {
  bundledCache ??= JSON.parse(readFileSync(new URL('./data/bundled.json', import.meta.url), 'utf8')) as CatalogFile;
  return bundledCache;
}

/**
 * Reads a catalog file given by the user: a LiteLLM `model_prices_and_context_window.json`, or a file in
 * llmcost's own format (`{snapshot, models: [...]}`).
 */
export function readCatalogFile(path: string): CatalogLayer {
  const text = readText(path, { what: 'Catalog file', missing: 'check the --catalog path' });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const place = jsonErrorPlace(err, text);
    throw new UserError(
      `Catalog file ${path}:${place.line} is not valid JSON (${describeJsonError(place)}): give a LiteLLM model_prices_and_context_window.json or an llmcost catalog.`,
    );
  }
  if (typeof json === 'object' && json !== null && Array.isArray((json as CatalogFile).models)) {
    const models = (json as CatalogFile).models;
    const problems = models.flatMap((m, i) => modelPriceProblems(m, ['models', i]));
    if (problems.length > 0) {
      // Lines are looked up only for a broken file: reading positions costs more than JSON.parse.
      const source = SourceDocument.parse(text, path);
      throw new UserError(
        `Catalog file ${path} has invalid entries: ${problems
          .slice(0, 3)
          .map((p) => source.describe(p))
          .join('; ')}.`,
      );
    }
    return { label: `catalog ${path}`, models: models.map((m) => ({ ...m, origin: m.origin ?? 'bundled' })) };
  }
  const asOf = statSync(path).mtime.toISOString().slice(0, 10);
  const { models } = fromLiteLLM(json, `LiteLLM file ${path}`, asOf);
  if (models.length === 0) {
    throw new UserError(
      `Catalog file ${path} holds no priced models: expected a LiteLLM model_prices_and_context_window.json (model → input_cost_per_token, ...).`,
    );
  }
  return { label: `LiteLLM ${path} (${models.length} models)`, models };
}

export interface CatalogOptions {
  /** Catalog files layered on top of the bundled catalog, in order. */
  files?: string[];
  /** Leave the bundled catalog out: only the given files (and overrides) price. */
  replaceBundled?: boolean;
  /** User price overrides from the config file: they win over everything else. */
  overrides?: ModelPrice[];
  overridesLabel?: string;
}

export function loadCatalog(opts: CatalogOptions = {}): Catalog {
  const bundled = bundledCatalogFile();
  const layers: CatalogLayer[] = [];
  if (!opts.replaceBundled) {
    layers.push({ label: `bundled ${bundled.snapshot}`, models: bundled.models.map((m) => ({ ...m, origin: 'bundled' as const })) });
  }
  for (const f of opts.files ?? []) layers.push(readCatalogFile(f));
  if (opts.overrides && opts.overrides.length > 0) layers.push({ label: opts.overridesLabel ?? 'config prices', models: opts.overrides });
  return buildCatalog(bundled.snapshot, layers);
}
