import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { CompressInput } from '../prompt/compress-input.js';
import type { Pass, PassId } from '../prompt/passes/index.js';
import { UserError } from '../util/errors.js';
import type { Context } from './context.js';
import { collect, interactive, numberIn, positiveInt, withContext, formatOption } from './kit.js';
import { guardOutput, mediumOf } from './output.js';

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

/** Registers `llmcost compress` (issue 6); its code is imported only when it runs. */
export function register(program: Command): void {
  program
    .command('compress')
    .description(
      'shrink a prompt offline with named passes (protected spans never change) and report the tokens and dollars saved; an interactive screen on a terminal',
    )
    .argument('<file>', 'the prompt file ("-" for standard input)')
    .option('-o, --output <file>', 'write the compressed prompt here instead of to stdout')
    .option(
      '-m, --model <id>',
      "a catalog model to price the saving on (repeatable; default: gpt-4o and claude-sonnet-4-5); the first one's encoding drives --target-tokens",
      collect,
    )
    .option('--calls-per-day <n>', 'calls per day for the saving per month (30 days)', positiveInt('--calls-per-day'), 1000)
    .option(
      '--target-tokens <n>',
      'stop once the prompt has at most this many tokens, running first the passes that save most per unit of risk',
      positiveInt('--target-tokens'),
    )
    .option('--rate <r>', 'stop once the prompt has at most this share of its tokens, e.g. 0.8', numberIn('--rate', 0, 1, 'a number between 0 and 1'))
    .option('--no-whitespace', 'keep whitespace and blank lines as they are')
    .option('--no-markdown', 'keep Markdown decoration (bold, rules, table padding)')
    .option('--no-json', 'keep JSON and YAML as formatted')
    .option('--tabular', 'also rewrite JSON arrays of flat objects as {"columns":[…],"rows":[[…]]}')
    .option('--no-phrases', 'keep filler, politeness and verbose phrases')
    .option('--no-dedupe', 'keep repeated and restated sentences')
    .option('--no-scaffolding', 'keep the numbered headers of few-shot examples')
    .option('--no-chat', 'keep repeated system prompts and empty turns of a chat-message file')
    .option('--keep-examples <n>', 'keep only the first N few-shot examples', positiveInt('--keep-examples'))
    .option('--stopwords', 'also drop stop words (can hurt quality: a warning is printed)')
    .option('--diff', 'show what changed, word by word')
    .addOption(formatOption('compress', 'report format (the report goes to stderr as text, or to stdout as JSON with the output in it)'))
    .option('--no-interactive', 'print the result and report even on a terminal')
    .action(async (file: string, opts, cmd: Command) => {
      const input = await withContext(cmd, (ctx) => prepareCompress(ctx, file, opts));
      if (interactive(opts)) {
        const { runCompressScreen } = await import('../tui/prompt-compress-run.js');
        await runCompressScreen(input, opts.output ?? null);
        return;
      }
      const { useColor } = await import('./context.js');
      const colors = useColor(cmd.optsWithGlobals(), process.stderr);
      const { report, stdout } = await runCompress(input, { output: opts.output ?? null, diff: opts.diff === true, format: opts.format, color: colors });
      // The compressed prompt is the product: written as it is. The report around it is guarded like any output.
      if (stdout !== '') process.stdout.write(stdout);
      if (report !== '') (opts.format === 'json' ? process.stdout : process.stderr).write(guardOutput(report, mediumOf(opts.format), { colors }));
    });
}

async function readInputText(path: string): Promise<string> {
  const { readPromptFile } = await import('../tokens/files.js');
  const text = readPromptFile(path === '-' ? path : resolve(path));
  if (text === null) throw new UserError(`${path} is a binary file: give a text prompt.`);
  return text;
}

/** The passes the flags ask for: the default ones less those turned off, plus the opt-in ones turned on. */
function passesFromOptions(opts: CompressOptions, passes: readonly Pass[]): Set<PassId> {
  const on = new Set<PassId>();
  for (const p of passes) {
    const flag = (opts as unknown as Record<string, unknown>)[p.id];
    if (p.defaultOn && flag !== false) on.add(p.id);
  }
  if (opts.tabular) on.add('tabular');
  if (opts.stopwords) on.add('stopwords');
  if (opts.keepExamples !== undefined) on.add('examples');
  return on;
}

/** `llmcost compress`: the prompt read and the models resolved, ready for the pipeline or the screen. */
export async function prepareCompress(ctx: Context, path: string, opts: CompressOptions): Promise<CompressInput> {
  if (opts.targetTokens !== undefined && opts.rate !== undefined) throw new UserError('Give --target-tokens or --rate, not both.');
  if (opts.rate !== undefined && !(opts.rate > 0 && opts.rate <= 1))
    throw new UserError(`--rate takes the share of tokens to keep, between 0 and 1 (e.g. 0.8), not ${opts.rate}.`);
  const { displayPath } = await import('../util/files.js');
  const { countersFor } = await import('../tokens/measure.js');
  const { encodingsOf, promptModelOf, resolvePromptModels } = await import('../tokens/models.js');
  const { PASSES } = await import('../prompt/passes/index.js');
  const models = resolvePromptModels(ctx.catalog(), opts.model);
  const text = await readInputText(path);
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
    settings: { passes: passesFromOptions(opts, PASSES), keepExamples: opts.keepExamples ?? 0, targetTokens: target },
    callsPerDay: opts.callsPerDay,
    catalogModels: ctx.catalog().models.map((m) => promptModelOf(m)),
  };
}

/** Plain mode: the compressed prompt for stdout (or the -o file) and the report. */
export async function runCompress(
  input: CompressInput,
  opts: { output: string | null; diff: boolean; format: string; color: boolean },
): Promise<{ stdout: string; report: string }> {
  const { compressWith } = await import('../prompt/compress-input.js');
  const { renderCompressReport } = await import('../report/prompt-compress.js');
  const { writeText } = await import('../util/files.js');
  const doc = compressWith(input, input.settings, { outputFile: opts.output, diff: opts.diff });
  if (opts.output !== null) writeText(opts.output, doc.output, 'the compressed prompt to');
  const stdout = opts.output === null && opts.format !== 'json' ? doc.output : '';
  return { stdout, report: renderCompressReport(doc, opts.format, opts.color) };
}
