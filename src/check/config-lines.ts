import { basename } from 'node:path';
import { readText } from '../util/files.js';
import { SourceDocument, type KeyPath } from '../util/validation.js';

/** A config file's document with its lines, and where the settings sit in it (`llmcost` in a package.json). */
export interface ConfigSource {
  source: SourceDocument;
  root: KeyPath;
}

/**
 * A JSON or YAML config (JSON is read as the YAML it also is) with the line of every key, so that messages
 * and annotations point at the definition. Null for a JavaScript config, which has no such lines, and for a
 * file that cannot be read as YAML (the loader has already said what is wrong with it).
 */
export function configSource(file: string): ConfigSource | null {
  if (/\.(c|m)?(j|t)s$/.test(file)) return null;
  try {
    return { source: SourceDocument.parse(readText(file, { what: 'Config file' }), file), root: basename(file) === 'package.json' ? ['llmcost'] : [] };
  } catch {
    return null;
  }
}

/** The line of each entry of `budgets`, so that an annotation about a spend budget points at its definition. */
export function budgetLines(file: string): (number | null)[] {
  const config = configSource(file);
  if (!config) return [];
  const path = [...config.root, 'budgets'];
  let list: unknown = config.source.value;
  for (const key of path) list = typeof list === 'object' && list !== null ? (list as Record<string, unknown>)[key] : undefined;
  if (!Array.isArray(list)) return [];
  return list.map((_, i) => config.source.lineOf([...path, i]));
}
