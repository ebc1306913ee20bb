import type { EncodingName } from '../tokens/count.js';
import { costPerMonth, type PromptModel } from '../tokens/models.js';
import { DAYS_PER_MONTH } from '../usage/periods.js';
import { dollars } from '../tokens/measure.js';
import { pct } from '../util/numbers.js';
import { diffWords, type DiffPart } from './diff.js';
import type { PassId } from './passes/index.js';
import type { CompressOutcome } from './pipeline.js';

export interface EncodingSaving {
  encoding: EncodingName;
  before: number;
  after: number;
  saved: number;
  /** Share of the tokens saved, 0–1. */
  savedShare: number;
}

export interface ModelSaving {
  model: string;
  estimate: boolean;
  encoding: EncodingName;
  before: number;
  after: number;
  savedPerCall: number;
  savedPer1000Calls: number;
  savedPerMonth: number;
}

export interface CompressDoc {
  file: string;
  document: CompressOutcome['document'];
  protectedSpans: number;
  encodings: EncodingSaving[];
  models: ModelSaving[];
  callsPerDay: number;
  daysPerMonth: number;
  passes: {
    id: PassId;
    label: string;
    status: CompressOutcome['passes'][number]['status'];
    saved: Partial<Record<EncodingName, number>>;
    characters: number;
    warning?: string;
  }[];
  target: { tokens: number; encoding: EncodingName; reached: boolean } | null;
  unchanged: CompressOutcome['unchanged'];
  /** One sentence saying what happened. */
  summary: string;
  output: string;
  outputFile: string | null;
  diff: DiffPart[] | null;
}

export function buildCompressDoc(
  file: string,
  outcome: CompressOutcome,
  models: PromptModel[],
  opts: { callsPerDay: number; primary: EncodingName; outputFile: string | null; diff: boolean },
): CompressDoc {
  const encodings = (Object.keys(outcome.before) as EncodingName[]).map((e) => {
    const before = outcome.before[e] ?? 0;
    const after = outcome.after[e] ?? 0;
    return { encoding: e, before, after, saved: before - after, savedShare: before === 0 ? 0 : (before - after) / before };
  });
  const modelSavings = models.map((m) => {
    const before = outcome.before[m.encoding] ?? 0;
    const after = outcome.after[m.encoding] ?? 0;
    const perCall = ((before - after) * m.inputPerMillion) / 1e6;
    return {
      model: m.id,
      estimate: m.estimate,
      encoding: m.encoding,
      before,
      after,
      savedPerCall: dollars(perCall),
      savedPer1000Calls: dollars(perCall * 1000),
      savedPerMonth: dollars(costPerMonth(perCall, opts.callsPerDay)),
    };
  });
  const primary = encodings.find((e) => e.encoding === opts.primary)!;
  return {
    file,
    document: outcome.document,
    protectedSpans: outcome.protectedSpans,
    encodings,
    models: modelSavings,
    callsPerDay: opts.callsPerDay,
    daysPerMonth: DAYS_PER_MONTH,
    passes: outcome.passes.map((p) => ({
      id: p.id,
      label: p.label,
      status: p.status,
      saved: p.saved,
      characters: p.characters,
      ...(p.warning ? { warning: p.warning } : {}),
    })),
    target: outcome.targetTokens === null ? null : { tokens: outcome.targetTokens, encoding: opts.primary, reached: outcome.targetReached === true },
    unchanged: outcome.unchanged,
    summary: summaryOf(outcome, primary),
    output: outcome.output,
    outputFile: opts.outputFile,
    diff: opts.diff ? diffWords(outcome.readable?.before ?? outcome.input, outcome.readable?.after ?? outcome.output) : null,
  };
}

function summaryOf(outcome: CompressOutcome, primary: EncodingSaving): string {
  if (outcome.unchanged === 'short') return `Already short (${primary.before} tokens, under 20): left unchanged.`;
  if (outcome.unchanged === 'nothing-to-remove') return 'Nothing to remove: the prompt is left unchanged.';
  let s = `${primary.before} → ${primary.after} tokens (${primary.encoding}), ${pct(primary.savedShare)} saved.`;
  if (outcome.targetTokens !== null && !outcome.targetReached) s += ` The target of ${outcome.targetTokens} tokens was not reached with the passes allowed.`;
  return s;
}
