import { resolve } from 'node:path';
import type { Context } from '../cli/context.js';
import type { EncodingName } from '../tokens/count.js';
import { readPromptFile } from '../tokens/files.js';
import { displayPath } from '../util/files.js';
import { countersFor, type Counters } from '../tokens/measure.js';
import { encodingsOf, promptModelOf, resolvePromptModels, type PromptModel } from '../tokens/models.js';
import { UserError } from '../util/errors.js';
import { PASSES, type PassId } from './passes/index.js';
import type { CompressSettings } from './pipeline.js';

export interface CompressOptions {
  model?: string[];
  callsPerDay: number;
  targetTokens?: number;
  rate?: number;
  keepExamples?: number;
  tabular?: boolean;
  stopwords?: boolean;
  whitespace?: boolean;
  markdown?: boolean;
  json?: boolean;
  phrases?: boolean;
  dedupe?: boolean;
  scaffolding?: boolean;
  chat?: boolean;
}

/** Everything a compression needs, read and resolved once; the screen re-runs the pipeline with it. */
export interface CompressInput {
  file: string;
  text: string;
  models: PromptModel[];
  counters: Counters;
  primary: EncodingName;
  settings: CompressSettings;
  callsPerDay: number;
  /** Every catalog model, for the screen's model picker. */
  catalogModels: PromptModel[];
}

export function readInputText(path: string): string {
  const text = readPromptFile(path === '-' ? path : resolve(path));
  if (text === null) throw new UserError(`${path} is a binary file: give a text prompt.`);
  return text;
}

/** The passes the flags ask for: the default ones less those turned off, plus the opt-in ones turned on. */
export function passesFromOptions(opts: CompressOptions): Set<PassId> {
  const on = new Set<PassId>();
  for (const p of PASSES) {
    const flag = (opts as unknown as Record<string, unknown>)[p.id];
    if (p.defaultOn && flag !== false) on.add(p.id);
  }
  if (opts.tabular) on.add('tabular');
  if (opts.stopwords) on.add('stopwords');
  if (opts.keepExamples !== undefined) on.add('examples');
  return on;
}

export async function prepareCompress(ctx: Context, path: string, opts: CompressOptions): Promise<CompressInput> {
  if (opts.targetTokens !== undefined && opts.rate !== undefined) throw new UserError('Give --target-tokens or --rate, not both.');
  if (opts.rate !== undefined && !(opts.rate > 0 && opts.rate <= 1)) throw new UserError(`--rate takes the share of tokens to keep, between 0 and 1 (e.g. 0.8), not ${opts.rate}.`);
  const models = resolvePromptModels(ctx.catalog(), opts.model);
  const text = readInputText(path);
  const encodings = encodingsOf(models);
  const counters = await countersFor(encodings);
  const primary = models[0]!.encoding;
  const target = opts.rate !== undefined ? Math.floor(opts.rate * counters.get(primary)!(text)) : (opts.targetTokens ?? null);
  return {
    file: path === '-' ? 'stdin' : displayPath(resolve(path)),
    text,
    models,
    counters,
    primary,
    settings: { passes: passesFromOptions(opts), keepExamples: opts.keepExamples ?? 0, targetTokens: target },
    callsPerDay: opts.callsPerDay,
    catalogModels: ctx.catalog().models.map((m) => promptModelOf(m)),
  };
}
