import { Option, type Command } from 'commander';
import { collect, color, numberIn, positiveInt, withContext } from './kit.js';
import { guardOutput, mediumOf, writeOut } from './output.js';


/** The screen opens only on a terminal, and never with --no-interactive or machine-readable output. */
const interactive = (opts: { interactive?: boolean; format?: string }) =>
  opts.interactive !== false && opts.format !== 'json' && process.stdout.isTTY === true && process.stdin.isTTY === true;

/** Registers issue 6's commands: `llmcost tokens`, `compress`, `compare`. Each imports its code only when it runs. */
export function registerPromptCommands(program: Command): void {
  program
    .command('tokens')
    .description('count the tokens of prompt files (text or chat-message JSON) and what they cost per call and per month on each model')
    .argument('<files...>', 'prompt files, directories, or quoted globs such as \'prompts/**/*.txt\'; "-" reads standard input')
    .option('-m, --model <id>', 'a catalog model to count and price on (repeatable; default: gpt-4o and claude-sonnet-4-5)', collect)
    .option('--output-tokens <n>', 'output tokens per call added to the cost per call (default 0: input only)', positiveInt('--output-tokens'))
    .option('--calls-per-day <n>', 'calls per day for the cost per month (30 days)', positiveInt('--calls-per-day'), 1000)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
    .action(async (files: string[], opts, cmd: Command) => {
      const { tokensCommand } = await import('../tokens/command.js');
      const doc = await withContext(cmd, (ctx) => tokensCommand(ctx, files, opts));
      const { renderTokens } = await import('../report/prompt-tokens.js');
      writeOut(renderTokens(doc, opts.format), mediumOf(opts.format));
    });

  program
    .command('compress')
    .description('shrink a prompt offline with named passes (protected spans never change) and report the tokens and dollars saved; an interactive screen on a terminal')
    .argument('<file>', 'the prompt file ("-" for standard input)')
    .option('-o, --output <file>', 'write the compressed prompt here instead of to stdout')
    .option('-m, --model <id>', 'a catalog model to price the saving on (repeatable; default: gpt-4o and claude-sonnet-4-5); the first one\'s encoding drives --target-tokens', collect)
    .option('--calls-per-day <n>', 'calls per day for the saving per month (30 days)', positiveInt('--calls-per-day'), 1000)
    .option('--target-tokens <n>', 'stop once the prompt has at most this many tokens, running first the passes that save most per unit of risk', positiveInt('--target-tokens'))
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
    .addOption(new Option('--format <format>', 'report format (the report goes to stderr as text, or to stdout as JSON with the output in it)').choices(['text', 'json']).default('text'))
    .option('--no-interactive', 'print the result and report even on a terminal')
    .action(async (file: string, opts, cmd: Command) => {
      const { prepareCompress } = await import('../prompt/compress-command.js');
      const input = await withContext(cmd, (ctx) => prepareCompress(ctx, file, opts));
      if (interactive(opts)) {
        const { runCompressScreen } = await import('../tui/prompt-compress-run.js');
        await runCompressScreen(input, opts.output ?? null);
        return;
      }
      const { runCompress } = await import('../prompt/compress-run.js');
      const { useColor } = await import('./context.js');
      const colors = useColor(cmd.optsWithGlobals(), process.stderr);
      const { report, stdout } = runCompress(input, { output: opts.output ?? null, diff: opts.diff === true, format: opts.format, color: colors });
      // The compressed prompt is the product: written as it is. The report around it is guarded like any output.
      if (stdout !== '') process.stdout.write(stdout);
      if (report !== '') (opts.format === 'json' ? process.stdout : process.stderr).write(guardOutput(report, mediumOf(opts.format), { colors }));
    });

  program
    .command('compare')
    .description('compare two prompt variants (text or chat-message files): tokens per encoding, cost per call and per month on each model, and a word diff of where tokens were added or removed')
    .argument('<a>', 'the first variant (A); "-" reads standard input')
    .argument('<b>', 'the second variant (B)')
    .option('-m, --model <id>', 'a catalog model to count and price on (repeatable; default: gpt-4o and claude-sonnet-4-5)', collect)
    .option('--output-tokens <n>', 'output tokens per call added to the cost per call (default 0: input only)', positiveInt('--output-tokens'))
    .option('--calls-per-day <n>', 'calls per day for the cost per month (30 days)', positiveInt('--calls-per-day'), 1000)
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'markdown']).default('table'))
    .option('--no-interactive', 'print the comparison even on a terminal')
    .action(async (a: string, b: string, opts, cmd: Command) => {
      const { prepareCompare } = await import('../prompt/compare-command.js');
      const input = await withContext(cmd, (ctx) => prepareCompare(ctx, a, b, opts));
      if (interactive(opts) && opts.format === 'table') {
        const { runCompareScreen } = await import('../tui/prompt-compare-run.js');
        await runCompareScreen(input);
        return;
      }
      const { compareInput } = await import('../prompt/compare-run.js');
      const { renderCompare } = await import('../report/prompt-compare.js');
      const colors = await color(cmd);
      writeOut(renderCompare(compareInput(input, input.models), opts.format, colors), mediumOf(opts.format), { colors });
    });
}
