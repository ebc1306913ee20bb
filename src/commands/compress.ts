import { type Command, Option } from 'commander';
import { resolve } from 'node:path';
import type { CompressTopDocument } from '../audit/template-compression.js';
import type { CompressInput } from '../prompt/compress-input.js';
import type { Pass, PassId } from '../prompt/passes/index.js';
import type { EncodingName } from '../tokens/count.js';
import { UserError } from '../util/errors.js';
import type { Context } from './context.js';
import { formatsOf } from '../report/format-names.js';
import { collect, color, interactive, numberIn, outputWidth, positiveInt, withContext } from './kit.js';
import { guardOutput, mediumOf, writeOut } from './output.js';

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

/** `compress --top N`: the costliest templates of the database instead of a file. */
export interface CompressTopOptions extends CompressOptions {
  top: number;
  since?: string;
  until?: string;
  tz?: string;
}

/** --top: how many templates, at least one. */
function templateCount(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || n < 1) throw new UserError(`--top takes how many templates to compress, a whole number 1 or more, not "${value}".`);
  return n;
}

/** The report formats of both of compress's reports: the file's and, with --top, the templates'. */
const FORMATS = [...new Set([...formatsOf('compress'), ...formatsOf('compressTop')])];

/** The flags that belong to one mode only, said in one sentence when given in the other. */
function checkMode(file: string | undefined, opts: Record<string, unknown>, given: (key: string) => boolean): void {
  if (opts['top'] === undefined) {
    if (file === undefined)
      throw new UserError('Give a prompt file to compress ("-" for standard input), or --top N for the costliest prompt templates of the database.');
    for (const [key, flag] of [
      ['since', '--since'],
      ['until', '--until'],
      ['tz', '--tz'],
    ] as const)
      if (opts[key] !== undefined) throw new UserError(`${flag} applies only with --top N (the templates of the database), not to a prompt file.`);
    if (!formatsOf('compress').includes(opts['format'] as 'text'))
      throw new UserError(`--format ${String(opts['format'])} applies only with --top N; a prompt file's report is text or json.`);
    return;
  }
  if (file !== undefined) throw new UserError(`Give a prompt file (${file}) or --top N, not both: --top compresses the costliest templates of the database.`);
  for (const [key, flag, why] of [
    ['output', '-o/--output', 'it writes no prompt'],
    ['diff', '--diff', 'it writes no prompt'],
    ['model', '-m/--model', "each template is priced on its own calls' models"],
    ['callsPerDay', '--calls-per-day', "the call volume is each template's own"],
  ] as const)
    if (given(key)) throw new UserError(`${flag} does not apply with --top: ${why}.`);
}

/** Registers `llmcost compress` (issue 6); its code is imported only when it runs. */
export function register(program: Command): void {
  program
    .command('compress')
    .description(
      'shrink a prompt offline with named passes (protected spans never change) and report the tokens and dollars saved; an interactive screen on a terminal',
    )
    .argument('[file]', 'the prompt file ("-" for standard input); none with --top')
    .option('--top <n>', 'compress the N costliest prompt templates of the database (needs prompts kept with --store-prompts)', templateCount)
    .option('-s, --since <when>', 'with --top: first day to include: YYYY-MM-DD, or a span such as 7d, 30d, this-month (inclusive, in --tz)')
    .option('-u, --until <when>', "with --top: last day to include: YYYY-MM-DD, or a span's last day (yesterday, last-month)")
    .option('--tz <zone>', 'with --top: time zone for day boundaries (IANA name; default: config "timezone", else UTC)')
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
    .addOption(
      new Option(
        '--format <format>',
        'report format (the report goes to stderr as text, or to stdout as JSON with the output in it; with --top, to stdout, markdown too)',
      )
        .choices(FORMATS)
        .default(FORMATS[0]),
    )
    .option('--no-interactive', 'print the result and report even on a terminal')
    .action(async (file: string | undefined, opts, cmd: Command) => {
      checkMode(file, opts, (key) => cmd.getOptionValueSource(key) === 'cli');
      if (opts.top !== undefined) {
        const doc = await withContext(cmd, (ctx) => compressTopCommand(ctx, opts), { report: true });
        const { renderCompressTop } = await import('../report/compress-top.js');
        const colors = await color(cmd);
        writeOut(renderCompressTop(doc, opts.format, { color: colors, width: outputWidth() }), mediumOf(opts.format), { colors });
        return;
      }
      const input = await withContext(cmd, (ctx) => prepareCompress(ctx, file!, opts));
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

/**
 * `llmcost compress --top N`: the N costliest prompt templates in scope, each one's stable prefix compressed
 * with the passes the flags choose, and the dollars per month each pass saves on the template's calls.
 */
export async function compressTopCommand(ctx: Context, opts: CompressTopOptions): Promise<CompressTopDocument> {
  if (opts.targetTokens !== undefined && opts.rate !== undefined) throw new UserError('Give --target-tokens or --rate, not both.');
  if (opts.rate === 0) throw new UserError('--rate takes the share of tokens to keep, between 0 and 1 (e.g. 0.8), not 0.');
  const { assertTimeZone } = await import('../util/time.js');
  const { timeScope } = await import('./time-scope.js');
  const q = await import('../db/queries.js');
  const { HistorySpan } = await import('../usage/history-span.js');
  const { resolveModel } = await import('../catalog/catalog.js');
  const { createPricer } = await import('../pricing/pricer.js');
  const { countersFor } = await import('../tokens/measure.js');
  const { ESTIMATE_ENCODING, promptModelOf } = await import('../tokens/models.js');
  const { PASSES } = await import('../prompt/passes/index.js');
  const { compressTopTemplates } = await import('../audit/template-compression.js');
  const tz = assertTimeZone(opts.tz ?? ctx.timezone);
  const scope = { sourceIds: null, ...timeScope(opts.since, opts.until, tz) };
  const db = ctx.db();
  if (!q.hasStoredPrompts(db))
    throw new UserError('No stored prompt text: ingest with --store-prompts (README "Prompt fingerprints") to compress the templates of real calls.');
  const catalog = ctx.catalog();
  const rows = q.templatePromptRows(db, scope);
  const counting = new Map<string, { encoding: EncodingName; estimate: boolean }>();
  for (const r of rows) {
    if (counting.has(r.model)) continue;
    const price = resolveModel(catalog, r.model);
    counting.set(r.model, price ? promptModelOf(price) : { encoding: ESTIMATE_ENCODING, estimate: true });
  }
  const encodings = [...new Set<EncodingName>(['o200k_base', ...[...counting.values()].map((c) => c.encoding)])];
  const span = new HistorySpan(tz);
  for (const end of q.historyEnds(db, scope)) {
    span.add(end.first, end.bucket);
    span.add(end.last, end.bucket);
  }
  const core = compressTopTemplates({
    rows,
    tree: q.prefixBlockTree(db),
    texts: (rids) => q.promptTexts(db, rids),
    top: opts.top,
    spanDays: span.spanDays,
    settings: {
      passes: passesFromOptions(opts, PASSES),
      keepExamples: opts.keepExamples ?? 0,
      targetTokens: opts.targetTokens ?? null,
      rate: opts.rate ?? null,
    },
    counters: await countersFor(encodings),
    primary: 'o200k_base',
    countingOf: (model) => counting.get(model) ?? { encoding: ESTIMATE_ENCODING, estimate: true },
    price: createPricer(catalog),
  });
  return { ...core, scope: { since: opts.since ?? null, until: opts.until ?? null, tz } };
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
