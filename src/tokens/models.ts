import { resolveModel, type Catalog } from '../catalog/catalog.js';
import type { ModelPrice } from '../catalog/types.js';
import { standardRates } from '../pricing/price.js';
import { DAYS_PER_MONTH } from '../usage/periods.js';
import { UserError } from '../util/errors.js';
import { encodingForModel, type EncodingName } from './count.js';

/** Models priced when none is named: one OpenAI (exact count) and one Anthropic (estimate) flagship. */
export const DEFAULT_MODELS = ['gpt-4o', 'claude-sonnet-4-5'];

/**
 * Models whose tokenizer is not public are estimated with this encoding's count (see README "How tokens are
 * counted"): the same stand-in `llmcost check` uses, so both commands agree on a file.
 */
export const ESTIMATE_ENCODING: EncodingName = 'o200k_base';

/** A model to count and price a prompt on. Rates are USD per 1M tokens, standard (non-batch) tier. */
export interface PromptModel {
  /** Catalog id. */
  id: string;
  provider: string;
  /** The encoding counted: the model's own, or the stand-in when `estimate`. */
  encoding: EncodingName;
  /** True when the model's tokenizer is not public and the count is an estimate. */
  estimate: boolean;
  inputPerMillion: number;
  outputPerMillion: number;
}

/** Resolves `--model` ids through the catalog (ids and explicit aliases); an unknown id is a usage error. */
export function resolvePromptModels(catalog: Catalog, ids: string[] | undefined): PromptModel[] {
  const wanted = ids && ids.length > 0 ? ids : DEFAULT_MODELS;
  const models: PromptModel[] = [];
  for (const id of wanted) {
    const price = resolveModel(catalog, id);
    if (!price) {
      throw new UserError(`Model "${id}" is not in the price catalog: see \`llmcost catalog list\`, or add it with --catalog FILE or config "prices".`);
    }
    if (models.some((m) => m.id === price.id)) continue;
    models.push(promptModelOf(price, id));
  }
  return models;
}

/** A catalog entry as a prompt model: its encoding (from its id, or the id it was asked by) and standard rates. */
export function promptModelOf(price: ModelPrice, askedAs = price.id): PromptModel {
  const exact = encodingForModel(price.id) ?? encodingForModel(askedAs);
  const rates = standardRates(price);
  return {
    id: price.id,
    provider: price.provider,
    encoding: exact ?? ESTIMATE_ENCODING,
    estimate: exact === null,
    inputPerMillion: rates.input,
    outputPerMillion: rates.output,
  };
}

/** The encodings the models need, in a stable order. */
export function encodingsOf(models: PromptModel[]): EncodingName[] {
  const order: EncodingName[] = ['o200k_base', 'cl100k_base'];
  return order.filter((e) => models.some((m) => m.encoding === e));
}

/** Dollars of one call: the prompt at the input rate plus `outputTokens` at the output rate. */
export function costPerCall(model: PromptModel, inputTokens: number, outputTokens: number): number {
  return (inputTokens * model.inputPerMillion + outputTokens * model.outputPerMillion) / 1e6;
}

export function costPerMonth(perCall: number, callsPerDay: number): number {
  return perCall * callsPerDay * DAYS_PER_MONTH;
}
