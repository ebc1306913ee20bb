import type { Command } from 'commander';
import type { ReadPromptFile, TokensDoc } from '../tokens/document.js';
import type { Context } from './context.js';
import { collect, positiveInt, withContext, formatOption } from './kit.js';
import { mediumOf, warn, writeOut } from './output.js';

export interface TokensOptions {
  model?: string[];
  outputTokens?: number;
  callsPerDay?: number;
}

/** Calls per day that per-month figures assume when --calls-per-day is not given. */
export const DEFAULT_CALLS_PER_DAY = 1000;

/** Registers `llmcost tokens` (issue 6); its code is imported only when it runs. */
export function register(program: Command): void {
  program
    .command('tokens')
    .description('count the tokens of prompt files (text or chat-message JSON) and what they cost per call and per month on each model')
    .argument('<files...>', 'prompt files, directories, or quoted globs such as \'prompts/**/*.txt\'; "-" reads standard input')
    .option('-m, --model <id>', 'a catalog model to count and price on (repeatable; default: gpt-4o and claude-sonnet-4-5)', collect)
    .option('--output-tokens <n>', 'output tokens per call added to the cost per call (default 0: input only)', positiveInt('--output-tokens'))
    .option('--calls-per-day <n>', 'calls per day for the cost per month (30 days)', positiveInt('--calls-per-day'), 1000)
    .addOption(formatOption('tokens'))
    .action(async (files: string[], opts, cmd: Command) => {
      const doc = await withContext(cmd, (ctx) => tokensCommand(ctx, files, opts), { database: false });
      const { renderTokens } = await import('../report/prompt-tokens.js');
      writeOut(renderTokens(doc, opts.format), mediumOf(opts.format));
    });
}

/** `llmcost tokens`: counts and prices every named file, reading one file at a time. */
export async function tokensCommand(ctx: Context, args: string[], opts: TokensOptions): Promise<TokensDoc> {
  const { buildTokensDoc } = await import('../tokens/document.js');
  const { expandInputs } = await import('../tokens/files.js');
  const { displayPath } = await import('../util/files.js');
  const { countersFor } = await import('../tokens/measure.js');
  const { encodingsOf, resolvePromptModels } = await import('../tokens/models.js');
  const { readPrompt } = await import('../tokens/read-prompt.js');
  const models = resolvePromptModels(ctx.catalog(), opts.model);
  // The names are expanded first (a name that matches nothing is an error before any work); the files are
  // read as the document asks for them, so only the one being counted is in memory.
  const paths = expandInputs(args);
  const counters = await countersFor(encodingsOf(models));
  function* read(): Generator<ReadPromptFile> {
    for (const abs of paths) {
      const path = displayPath(abs);
      const prompt = readPrompt(abs);
      if (prompt === null) warn(`${path} is a binary file: skipped.`);
      yield { path, prompt };
    }
  }
  return buildTokensDoc(read(), counters, {
    models,
    outputTokens: opts.outputTokens ?? 0,
    callsPerDay: opts.callsPerDay ?? DEFAULT_CALLS_PER_DAY,
  });
}
