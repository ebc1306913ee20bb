import { renderCompressReport } from '../report/prompt-compress.js';
import { writeText } from '../util/files.js';
import { compressChat } from './chat-compress.js';
import type { CompressInput } from './compress-command.js';
import { buildCompressDoc, type CompressDoc } from './compress-doc.js';
import { compressText, type CompressSettings } from './pipeline.js';

/** Compresses with the given settings and builds the document (the screen calls this on every change). */
export function compressWith(input: CompressInput, settings: CompressSettings, opts: { outputFile: string | null; diff: boolean }): CompressDoc {
  const outcome = compressChat(input.text, settings, input.counters, input.primary) ?? compressText(input.text, settings, input.counters, input.primary);
  return buildCompressDoc(input.file, outcome, input.models, { callsPerDay: input.callsPerDay, primary: input.primary, outputFile: opts.outputFile, diff: opts.diff });
}

export function writeOutput(path: string, text: string): void {
  writeText(path, text, 'the compressed prompt to');
}

/** Plain mode: the compressed prompt for stdout (or the -o file) and the report. */
export function runCompress(input: CompressInput, opts: { output: string | null; diff: boolean; format: string; color: boolean }): { stdout: string; report: string } {
  const doc = compressWith(input, input.settings, { outputFile: opts.output, diff: opts.diff });
  if (opts.output !== null) writeOutput(opts.output, doc.output);
  const stdout = opts.output === null && opts.format !== 'json' ? doc.output : '';
  return { stdout, report: renderCompressReport(doc, opts.format, opts.color) };
}
