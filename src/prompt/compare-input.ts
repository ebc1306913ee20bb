import type { PromptModel } from '../tokens/models.js';
import { compare, type CompareDoc } from './compare.js';
import type { CompareInput } from './compare-command.js';

/** Compares the two variants on the given models (the screen calls this when the model changes). */
export function compareInput(input: CompareInput, models: PromptModel[]): CompareDoc {
  return compare(input.a, input.b, input.counters, models, { outputTokens: input.outputTokens, callsPerDay: input.callsPerDay, primary: models[0]!.encoding });
}
