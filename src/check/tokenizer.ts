import { encodingForModel, getCounter, type EncodingName } from '../tokens/count.js';

export interface Tokenizer {
  encoding: EncodingName;
  /** True when the model's own tokenizer is not public (or no model is named) and o200k_base stands in. */
  estimate: boolean;
  count: (text: string) => number;
}

const counters = new Map<EncodingName, Promise<(text: string) => number>>();

/** The tokenizer of a model (catalog id, or the id as written), exact for OpenAI models, an o200k_base estimate otherwise. */
export async function tokenizerFor(modelId: string | null): Promise<Tokenizer> {
  const exact = modelId === null ? null : encodingForModel(modelId);
  const encoding = exact ?? 'o200k_base';
  let counter = counters.get(encoding);
  if (!counter) counters.set(encoding, (counter = getCounter(encoding)));
  return { encoding, estimate: exact === null, count: await counter };
}

/** Token counts already taken in this run, by encoding and file version, so budgets sharing files count once. */
export class TokenCounts {
  private readonly counts = new Map<string, number>();

  count(tok: Tokenizer, key: string, text: () => string): number {
    const k = `${tok.encoding}\0${key}`;
    let n = this.counts.get(k);
    if (n === undefined) this.counts.set(k, (n = tok.count(text())));
    return n;
  }
}
