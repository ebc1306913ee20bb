import type { Catalog } from '../catalog/catalog.js';
import { resolveModel } from '../catalog/catalog.js';
import { standardRates } from '../pricing/price.js';
import { readPromptFile } from '../tokens/files.js';
import { UserError } from '../util/errors.js';
import { displayPath } from '../util/files.js';
import type { DiffBudget, PromptBudget } from './budget-types.js';
import type { PricedModel, Volume } from './prompt.js';
import { tokenizerFor, type Tokenizer } from './tokenizer.js';

/** A budget's prompt file as text; a binary file matched by its glob is the user's to leave out (exit 2). */
export function readBudgetPrompt(path: string): string {
  const text = readPromptFile(path);
  if (text === null) throw new UserError(`Prompt file ${displayPath(path)} is a binary file, not text: narrow the budget's files glob.`);
  return text;
}

/** What a prompt or diff budget's model resolves to: its price (null when the catalog lacks it) and tokenizer. */
export interface ModelSetup {
  priced: PricedModel | null;
  tokenizer: Tokenizer;
}

export async function modelSetup(b: PromptBudget | DiffBudget, catalog: Catalog, configFile: string | null): Promise<ModelSetup> {
  const price = b.model === null ? undefined : resolveModel(catalog, b.model);
  const needsPrice = b.metric === 'callCost' || b.metric === 'monthlyCost';
  if (b.model !== null && !price && needsPrice) {
    throw new UserError(
      `${configFile ?? 'config'}: budgets[${b.index}] ("${b.name}").model "${b.model}" is not in the price catalog: use a catalog id (llmcost catalog list) or add its price under "prices".`,
    );
  }
  const rates = price ? standardRates(price) : null;
  return {
    priced: b.model !== null && price && rates ? { model: b.model, modelId: price.id, inputRate: rates.input, outputRate: rates.output } : null,
    tokenizer: await tokenizerFor(price?.id ?? b.model),
  };
}

/** The call volume a budget uses: declared, else its feature's logged volume, else none. */
export function volumeOf(b: PromptBudget | DiffBudget, logged: Map<string, Volume>): Volume {
  if (b.callsPerMonth !== null) return { callsPerMonth: b.callsPerMonth, source: 'declared' };
  if (b.feature !== null) return logged.get(b.feature) ?? { callsPerMonth: null, source: null };
  return { callsPerMonth: null, source: null };
}

/** Features whose logged volume some budget needs (a priced model, a feature, no declared volume). */
export function featuresNeedingVolume(budgets: (PromptBudget | DiffBudget)[]): string[] {
  return [...new Set(budgets.filter((b) => b.callsPerMonth === null && b.feature !== null && b.model !== null).map((b) => b.feature!))];
}
