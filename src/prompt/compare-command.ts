import { resolve } from 'node:path';
import type { Context } from '../cli/context.js';
import { readPrompt } from '../tokens/command.js';
import { displayPath, FileReadError } from '../util/files.js';
import { countersFor, type Counters, type Prompt } from '../tokens/measure.js';
import { encodingsOf, promptModelOf, resolvePromptModels, type PromptModel } from '../tokens/models.js';
import { UserError } from '../util/errors.js';

export interface CompareOptions {
  model?: string[];
  outputTokens?: number;
  callsPerDay: number;
}

/** Both variants read and the models resolved: what the plain report and the screen both need. */
export interface CompareInput {
  a: { path: string; prompt: Prompt };
  b: { path: string; prompt: Prompt };
  models: PromptModel[];
  counters: Counters;
  outputTokens: number;
  callsPerDay: number;
  /** Every catalog model, for the screen's model picker. */
  catalogModels: PromptModel[];
}

function read(path: string): { path: string; prompt: Prompt } {
  const abs = path === '-' ? '-' : resolve(path);
  let prompt: Prompt | null;
  try {
    prompt = readPrompt(abs);
  } catch (err) {
    if (err instanceof FileReadError && err.code === 'ENOENT') throw new UserError(`${path} does not exist: give two prompt files.`);
    throw err;
  }
  if (prompt === null) throw new UserError(`${path} is a binary file: give two text or chat-message files.`);
  return { path: displayPath(abs), prompt };
}

export async function prepareCompare(ctx: Context, a: string, b: string, opts: CompareOptions): Promise<CompareInput> {
  const models = resolvePromptModels(ctx.catalog(), opts.model);
  if (a === '-' && b === '-') throw new UserError('Both variants are "-": standard input can be read only once; give one of them as a file.');
  return {
    a: read(a),
    b: read(b),
    models,
    counters: await countersFor(encodingsOf(models)),
    outputTokens: opts.outputTokens ?? 0,
    callsPerDay: opts.callsPerDay,
    catalogModels: ctx.catalog().models.map((m) => promptModelOf(m)),
  };
}
