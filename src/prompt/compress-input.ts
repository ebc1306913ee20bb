import type { EncodingName } from '../tokens/count.js';
import type { Counters } from '../tokens/measure.js';
import type { PromptModel } from '../tokens/models.js';
import { compressChat } from './chat-compress.js';
import { buildCompressDoc, type CompressDoc } from './compress-doc.js';
import { compressText, type CompressSettings } from './pipeline.js';

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

/** Compresses with the given settings and builds the document (the screen calls this on every change). */
export function compressWith(input: CompressInput, settings: CompressSettings, opts: { outputFile: string | null; diff: boolean }): CompressDoc {
  const outcome = compressChat(input.text, settings, input.counters, input.primary) ?? compressText(input.text, settings, input.counters, input.primary);
  return buildCompressDoc(input.file, outcome, input.models, {
    callsPerDay: input.callsPerDay,
    primary: input.primary,
    outputFile: opts.outputFile,
    diff: opts.diff,
  });
}
