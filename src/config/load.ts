import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { UserError } from '../util/errors.js';
import { assertNotSpecial } from '../util/regular-file.js';
import { yaml, type KeyPath } from '../util/validation.js';
import { configSource, type ConfigSource } from '../check/config-lines.js';
import { CONFIG_FILES, findConfigFile, isJsConfig } from './search.js';
import { validateConfig, type LlmcostConfig } from './validate.js';

export { CONFIG_FILES } from './search.js';

/**
 * YAML (and extension-less rc files, which JSON also parses as) through the `yaml` package, which refuses
 * documents with more than 100 alias expansions: a "billion laughs" file fails at once instead of growing.
 */
function loadYaml(path: string, content: string): unknown {
  try {
    return yaml().parse(content, { maxAliasCount: 100, prettyErrors: true });
  } catch (err) {
    const line = (err as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    throw new UserError(
      `Config file ${path}${line ? `:${line}` : ''} cannot be read: ${(err as Error).message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}.`,
    );
  }
}

export interface LoadedConfig {
  config: LlmcostConfig;
  file: string | null;
  warnings: string[];
}

/** Finds (or loads the named) config file and validates it; a broken config is one UserError listing its problems. */
export async function loadConfig(explicit: string | undefined, cwd = process.cwd(), opts: { allowJs: boolean } = { allowJs: true }): Promise<LoadedConfig> {
  // A JavaScript config is code that runs: with --no-js-config (untrusted checkouts) only data files are read.
  const isJs = isJsConfig;
  if (explicit && !opts.allowJs && isJs(explicit)) {
    throw new UserError(`Config file ${explicit} is JavaScript, which --no-js-config does not run: use a JSON or YAML config.`);
  }
  // The search is ours (findConfigFile): it stops at the repository root or home instead of going on to /.
  const found = explicit ?? findConfigFile(cwd, { allowJs: opts.allowJs });
  // No config file (the common case): cosmiconfig, which only loads the file found, is not loaded either.
  if (found === null) return { config: { prices: [] }, file: null, warnings: [] };
  assertNotSpecial(found, 'Config file');
  const { cosmiconfig } = await import('cosmiconfig');
  const explorer = cosmiconfig('llmcost', {
    searchPlaces: opts.allowJs ? CONFIG_FILES : CONFIG_FILES.filter((f) => !isJs(f)),
    loaders: { '.yaml': loadYaml, '.yml': loadYaml, noExt: loadYaml },
  });
  let result: Awaited<ReturnType<typeof explorer.load>>;
  try {
    result = await explorer.load(found);
  } catch (err) {
    if (err instanceof UserError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`Config file ${explicit} does not exist: check the --config path.`);
    throw new UserError(`Config file ${found} cannot be read: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!result || result.isEmpty) return { config: { prices: [] }, file: result?.filepath ?? null, warnings: [] };
  const asOf = statSync(result.filepath).mtime.toISOString().slice(0, 10);
  const { config, errors, warnings } = validateConfig(result.config, result.filepath, asOf, linesOf(result.filepath));
  if (errors.length > 0) throw new UserError(`Invalid config: ${errors.join('; ')}.`);
  const base = dirname(result.filepath);
  if (config.db !== undefined) config.db = configPath(config.db, base);
  if (config.catalog) config.catalog.files = config.catalog.files.map((f) => configPath(f, base));
  return { config, file: result.filepath, warnings };
}

/** The line of a key path in the config file when it is JSON or YAML; its positions are read only when a message needs one. */
function linesOf(file: string): (path: KeyPath) => number | undefined {
  let config: ConfigSource | null | undefined;
  return (path) => {
    if (config === undefined) config = configSource(file);
    return config?.source.lineOf([...config.root, ...path]);
  };
}

/** Paths in a config file mean what they would in a shell started beside it: relative to the file, `~` for home. */
function configPath(path: string, base: string): string {
  if (path === ':memory:') return path;
  if (path === '~' || path.startsWith('~/')) return resolve(homedir(), path.slice(2));
  return resolve(base, path);
}
