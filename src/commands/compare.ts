import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { CompareInput } from '../prompt/compare-input.js';
import type { Prompt } from '../tokens/measure.js';
import { UserError } from '../util/errors.js';
import type { Context } from './context.js';
import { collect, color, interactive, positiveInt, withContext, formatOption } from './kit.js';
import { mediumOf, writeOut } from './output.js';

export interface CompareOptions {
  model?: string[];
  outputTokens?: number;
  callsPerDay: number;
}

/** Registers `llmcost compare` (issue 6); its code is imported only when it runs. */
export function register(program: Command): void {
  program
    .command('compare')
    .description(
      'compare two prompt variants (text or chat-message files): tokens per encoding, cost per call and per month on each model, and a word diff of where tokens were added or removed',
    )
    .argument('<a>', 'the first variant (A); "-" reads standard input')
    .argument('<b>', 'the second variant (B)')
    .option('-m, --model <id>', 'a catalog model to count and price on (repeatable; default: gpt-4o and claude-sonnet-4-5)', collect)
    .option('--output-tokens <n>', 'output tokens per call added to the cost per call (default 0: input only)', positiveInt('--output-tokens'))
    .option('--calls-per-day <n>', 'calls per day for the cost per month (30 days)', positiveInt('--calls-per-day'), 1000)
    .addOption(formatOption('compare'))
    .option('--no-interactive', 'print the comparison even on a terminal')
    .action(async (a: string, b: string, opts, cmd: Command) => {
      const input = await withContext(cmd, (ctx) => prepareCompare(ctx, a, b, opts));
      if (interactive(opts) && opts.format === 'table') {
        const { runCompareScreen } = await import('../tui/prompt-compare-run.js');
        await runCompareScreen(input);
        return;
      }
      const { compareInput } = await import('../prompt/compare-input.js');
      const { renderCompare } = await import('../report/prompt-compare.js');
      const colors = await color(cmd);
      writeOut(renderCompare(compareInput(input, input.models), opts.format, colors), mediumOf(opts.format), { colors });
    });
}

async function read(path: string): Promise<{ path: string; prompt: Prompt }> {
  const { readPrompt } = await import('../tokens/read-prompt.js');
  const { displayPath, FileReadError } = await import('../util/files.js');
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

/** `llmcost compare`: both variants read and the models resolved, for the plain report or the screen. */
export async function prepareCompare(ctx: Context, a: string, b: string, opts: CompareOptions): Promise<CompareInput> {
  const { countersFor } = await import('../tokens/measure.js');
  const { encodingsOf, promptModelOf, resolvePromptModels } = await import('../tokens/models.js');
  const models = resolvePromptModels(ctx.catalog(), opts.model);
  if (a === '-' && b === '-') throw new UserError('Both variants are "-": standard input can be read only once; give one of them as a file.');
  return {
    a: await read(a),
    b: await read(b),
    models,
    counters: await countersFor(encodingsOf(models)),
    outputTokens: opts.outputTokens ?? 0,
    callsPerDay: opts.callsPerDay,
    catalogModels: ctx.catalog().models.map((m) => promptModelOf(m)),
  };
}
