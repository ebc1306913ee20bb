import type { EncodingName } from './count.js';
import { DAYS_PER_MONTH } from '../usage/periods.js';
import type { PromptModel } from './models.js';
import { modelCosts, tokensByEncoding, type Counters, type ModelCost, type Prompt } from './measure.js';
import { exactUsd } from '../util/numbers.js';

export interface FileTokens {
  /** As shown: relative to the current folder when inside it. */
  path: string;
  kind: 'text' | 'chat';
  /** Number of chat messages, null for plain text. */
  messages: number | null;
  /** Content parts that are not text (images, audio) in chat files: not counted. */
  nonTextParts: number;
  characters: number;
  tokens: Partial<Record<EncodingName, number>>;
  models: ModelCost[];
}

export interface TokensDoc {
  models: PromptModel[];
  encodings: EncodingName[];
  callsPerDay: number;
  outputTokens: number;
  daysPerMonth: number;
  files: FileTokens[];
  /** Binary files passed over. */
  skipped: string[];
  total: { files: number; characters: number; tokens: Partial<Record<EncodingName, number>>; models: ModelCost[] };
}

export interface TokensSettings {
  models: PromptModel[];
  outputTokens: number;
  callsPerDay: number;
}

/** A prompt file as read: its prompt, or null when it was binary and is passed over. */
export interface ReadPromptFile {
  path: string;
  prompt: Prompt | null;
}

/**
 * Counts and prices every file as the iterable yields it (pure: the iterable reads them). A file's text is
 * dropped once its row is made, so memory grows with the rows (a few hundred bytes each), never with the
 * files' contents: `llmcost tokens` over 100,000 prompt files holds one file at a time.
 */
export function buildTokensDoc(files: Iterable<ReadPromptFile>, counters: Counters, settings: TokensSettings): TokensDoc {
  const { models, outputTokens, callsPerDay } = settings;
  const encodings = [...counters.keys()];
  const rows: FileTokens[] = [];
  const skipped: string[] = [];
  for (const { path, prompt } of files) {
    if (prompt === null) {
      skipped.push(path);
      continue;
    }
    const tokens = tokensByEncoding(prompt, counters);
    rows.push({
      path,
      kind: prompt.kind,
      messages: prompt.messages?.length ?? null,
      nonTextParts: prompt.messages?.reduce((n, m) => n + m.nonTextParts, 0) ?? 0,
      characters: prompt.text.length,
      tokens,
      models: modelCosts(tokens, models, outputTokens, callsPerDay),
    });
  }
  const totalTokens: Partial<Record<EncodingName, number>> = {};
  for (const e of encodings) totalTokens[e] = rows.reduce((n, r) => n + (r.tokens[e] ?? 0), 0);
  const totalModels: ModelCost[] = models.map((m, i) => ({
    model: m.id,
    tokens: totalTokens[m.encoding] ?? 0,
    estimate: m.estimate,
    costPerCall: exactUsd(rows.reduce((s, r) => s + (r.models[i]?.costPerCall ?? 0), 0)),
    costPerMonth: exactUsd(rows.reduce((s, r) => s + (r.models[i]?.costPerMonth ?? 0), 0)),
  }));
  return {
    models,
    encodings,
    callsPerDay,
    outputTokens,
    daysPerMonth: DAYS_PER_MONTH,
    files: rows,
    skipped,
    total: { files: rows.length, characters: rows.reduce((n, r) => n + r.characters, 0), tokens: totalTokens, models: totalModels },
  };
}
