import { nearest } from '../util/nearest.js';
import { isObject, type KeyPath } from '../util/validation.js';
import type { ModelPrice } from '../catalog/types.js';
import { validateModelPrice } from '../catalog/validate.js';
import { validateBudgets } from '../check/budget-config.js';
import type { Budget } from '../check/budget-types.js';
import { validateConnections, type ConnectionConfig } from '../engines/connection.js';

/** The config file's shape (README "Config file"). */
export interface LlmcostConfig {
  db?: string;
  timezone?: string;
  /** Keep prompt text beside its fingerprints at every ingest (as --store-prompts). */
  storePrompts?: boolean;
  catalog?: { files: string[]; replaceBundled: boolean };
  /** Price overrides and custom models, in the catalog's own entry format. */
  prices: ModelPrice[];
  /** Audit settings: features known to be non-interactive (batch candidates). */
  audit?: { batchFeatures: string[] };
  /** Budgets that `llmcost check` gates on (README "llmcost check"). */
  budgets?: Budget[];
  /** Database sources by name (README "At scale"): `llmcost ingest --connection NAME`. */
  connections?: Record<string, ConnectionConfig>;
}

export interface ValidationResult {
  config: LlmcostConfig;
  errors: string[];
  warnings: string[];
}

const KNOWN_KEYS = new Set(['db', 'timezone', 'storePrompts', 'catalog', 'prices', 'audit', 'budgets', 'connections']);

/**
 * Checks a loaded config object. Pure: `file` only labels the messages, `lineOf` (when the file's lines are
 * known) adds the line of the key to them, and `asOf` dates price overrides that do not give their own date.
 * The messages of budgets and prices name the file without a line.
 */
export function validateConfig(raw: unknown, file: string, asOf: string, lineOf?: (path: KeyPath) => number | undefined): ValidationResult {
  const errors: string[] = [];
  const warnings: string[] = [];
  const config: LlmcostConfig = { prices: [] };
  /** `file:line` of a key, or just the file. */
  const at = (...path: KeyPath) => {
    const line = lineOf?.(path);
    return line === undefined ? file : `${file}:${line}`;
  };
  if (raw === null || raw === undefined) return { config, errors, warnings };
  if (!isObject(raw)) return { config, errors: [`${file}: the config must be an object of settings`], warnings };
  const o = raw;
  for (const k of Object.keys(o)) {
    if (KNOWN_KEYS.has(k)) continue;
    const near = nearest(k, [...KNOWN_KEYS]);
    warnings.push(`${at(k)}: unknown key "${k}" is ignored (${near ? `did you mean "${near}"? ` : ''}known: ${[...KNOWN_KEYS].join(', ')})`);
  }

  if (o['db'] !== undefined) {
    if (typeof o['db'] === 'string' && o['db'] !== '') config.db = o['db'];
    else errors.push(`${at('db')}: "db" must be a file path`);
  }
  if (o['timezone'] !== undefined) {
    if (typeof o['timezone'] === 'string') config.timezone = o['timezone'];
    else errors.push(`${at('timezone')}: "timezone" must be an IANA time zone name such as "Europe/Berlin"`);
  }
  if (o['storePrompts'] !== undefined) {
    if (typeof o['storePrompts'] === 'boolean') config.storePrompts = o['storePrompts'];
    else errors.push(`${at('storePrompts')}: "storePrompts" must be true or false`);
  }
  const cat = o['catalog'];
  if (cat !== undefined) {
    if (typeof cat === 'string') config.catalog = { files: [cat], replaceBundled: false };
    else if (Array.isArray(cat) && cat.every((f) => typeof f === 'string')) config.catalog = { files: cat as string[], replaceBundled: false };
    else if (typeof cat === 'object' && cat !== null) {
      const c = cat as Record<string, unknown>;
      const files = typeof c['file'] === 'string' ? [c['file']] : c['files'];
      if (!Array.isArray(files) || !files.every((f) => typeof f === 'string'))
        errors.push(`${at('catalog', 'files')}: "catalog.files" must be a list of catalog file paths`);
      else config.catalog = { files: files as string[], replaceBundled: c['replaceBundled'] === true };
      if (c['replaceBundled'] !== undefined && typeof c['replaceBundled'] !== 'boolean')
        errors.push(`${at('catalog', 'replaceBundled')}: "catalog.replaceBundled" must be true or false`);
    } else errors.push(`${at('catalog')}: "catalog" must be a path, a list of paths, or {files, replaceBundled}`);
  }
  const audit = o['audit'];
  if (audit !== undefined) {
    const features = isObject(audit) ? (audit['batchFeatures'] ?? []) : undefined;
    if (!Array.isArray(features) || !features.every((f) => typeof f === 'string'))
      errors.push(`${at('audit', 'batchFeatures')}: "audit.batchFeatures" must be a list of feature names, e.g. audit: {batchFeatures: [nightly-report]}`);
    else config.audit = { batchFeatures: features as string[] };
  }
  const connections = validateConnections(o['connections'], file, errors);
  if (connections) config.connections = connections;
  if (o['budgets'] !== undefined) {
    const checked = validateBudgets(o['budgets'], file);
    errors.push(...checked.errors);
    config.budgets = checked.budgets;
  }
  const prices = o['prices'];
  if (prices !== undefined) {
    if (!isObject(prices)) {
      errors.push(`${file}: "prices" must map model ids to prices, e.g. prices: {my-model: {provider: openai, input: 1.0, output: 2.0}}`);
    } else {
      for (const [id, v] of Object.entries(prices)) {
        if (!isObject(v)) {
          errors.push(`${file}: prices.${id} must be an object with input and output (USD per 1M tokens)`);
          continue;
        }
        const p = v;
        // Flat rates (input/output/cacheRead...) are the standard tier; a nested "standard" is accepted too.
        const {
          provider,
          aliases,
          datedAliases,
          batch,
          flex,
          priority,
          longContext,
          longContextPriority,
          longContextFlex,
          fastMultiplier,
          history,
          source,
          asOf: date,
          contextWindow,
          notes,
          standard,
          ...flat
        } = p;
        const entry = {
          id,
          provider: provider ?? 'custom',
          standard: standard ?? flat,
          source: source ?? `config ${file}`,
          asOf: date ?? asOf,
          origin: 'config',
          ...(aliases !== undefined ? { aliases } : {}),
          ...(batch !== undefined ? { batch } : {}),
          ...(flex !== undefined ? { flex } : {}),
          ...(priority !== undefined ? { priority } : {}),
          ...(longContext !== undefined ? { longContext } : {}),
          ...(longContextPriority !== undefined ? { longContextPriority } : {}),
          ...(longContextFlex !== undefined ? { longContextFlex } : {}),
          ...(fastMultiplier !== undefined ? { fastMultiplier } : {}),
          ...(history !== undefined ? { history } : {}),
          ...(datedAliases !== undefined ? { datedAliases } : {}),
          ...(contextWindow !== undefined ? { contextWindow } : {}),
          ...(notes !== undefined ? { notes } : {}),
        };
        const problems = validateModelPrice(entry, `prices.${id}`).map((e) => `${file}: ${e.replace(/\.standard\./, '.')}`);
        if (problems.length > 0) errors.push(...problems);
        else config.prices.push(entry as ModelPrice);
      }
    }
  }
  return { config, errors, warnings };
}
