import type { Counters, Prompt } from '../tokens/measure.js';
import type { PromptModel } from '../tokens/models.js';
import { compare, type CompareDoc } from './compare.js';

/** Both variants read and the models resolved: what the plain report and the screen both need. */
export interface CompareInput {
  a: { path: string; prompt: Prompt };
  b: { path: string; prompt: Prompt };
  models: PromptModel[];
  counters: Counters;
  outputTokens: number;
  callsPerDay: number;
  /** Every catalog model, for the screen's model picker. */
  catalogModels: PromptModel[];
}

/** Compares the two variants on the given models (the screen calls this when the model changes). */
export function compareInput(input: CompareInput, models: PromptModel[]): CompareDoc {
  return compare(input.a, input.b, input.counters, models, { outputTokens: input.outputTokens, callsPerDay: input.callsPerDay, primary: models[0]!.encoding });
}
