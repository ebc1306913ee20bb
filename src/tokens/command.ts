import type { Context } from '../cli/context.js';
import { warn } from '../cli/context.js';
import { ChatFormatError } from './chat-messages.js';
import { UserError } from '../util/errors.js';
import { buildTokensDoc, type TokensDoc } from './document.js';
import { displayPath } from '../util/files.js';
import { expandInputs, readPromptFile } from './files.js';
import { countersFor, promptOf, type Prompt } from './measure.js';
import { encodingsOf, resolvePromptModels } from './models.js';

export interface TokensOptions {
  model?: string[];
  outputTokens?: number;
  callsPerDay?: number;
}

/** Calls per day that per-month figures assume when --calls-per-day is not given. */
export const DEFAULT_CALLS_PER_DAY = 1000;

/** Reads a prompt file as text or chat messages; a chat file with a bad message is a usage error naming it. */
export function readPrompt(abs: string): Prompt | null {
  const text = readPromptFile(abs);
  if (text === null) return null;
  try {
    return promptOf(text);
  } catch (err) {
    if (err instanceof ChatFormatError) throw new UserError(`${displayPath(abs)}: ${err.message}: fix the message, or give the file as plain text.`);
    throw err;
  }
}

/** `llmcost tokens`: counts and prices every named file. */
export async function tokensCommand(ctx: Context, args: string[], opts: TokensOptions): Promise<TokensDoc> {
  const models = resolvePromptModels(ctx.catalog(), opts.model);
  const files: { path: string; prompt: Prompt }[] = [];
  const skipped: string[] = [];
  for (const abs of expandInputs(args)) {
    const prompt = readPrompt(abs);
    if (prompt === null) {
      skipped.push(displayPath(abs));
      warn(`${displayPath(abs)} is a binary file: skipped.`);
    } else files.push({ path: displayPath(abs), prompt });
  }
  const counters = await countersFor(encodingsOf(models));
  return buildTokensDoc(files, skipped, counters, {
    models,
    outputTokens: opts.outputTokens ?? 0,
    callsPerDay: opts.callsPerDay ?? DEFAULT_CALLS_PER_DAY,
  });
}
