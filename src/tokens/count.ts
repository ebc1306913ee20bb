import type { Tiktoken } from 'js-tiktoken/lite';

/** The OpenAI encodings llmcost counts exactly. */
export type EncodingName = 'o200k_base' | 'cl100k_base';

/**
 * The encoding of a catalog model id, or null when its tokenizer is not public (Claude, Gemini, ...):
 * those get an estimate (see `estimateTokens`). o200k_base: GPT-4o, GPT-4.1, GPT-5, o-series; cl100k_base:
 * GPT-4, GPT-3.5.
 */
export function encodingForModel(modelId: string): EncodingName | null {
  const id = modelId.toLowerCase();
  if (/^(gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o1|o3|o4|chatgpt-4o|codex-mini|gpt-oss)/.test(id)) return 'o200k_base';
  if (/^(gpt-4|gpt-3\.5)/.test(id)) return 'cl100k_base';
  return null;
}

const loaded = new Map<EncodingName, Promise<Tiktoken>>();

/** Loads an encoding's ranks once (they are large: only on first use). */
export function loadEncoding(name: EncodingName): Promise<Tiktoken> {
  let p = loaded.get(name);
  if (!p) {
    p = (async () => {
      const { Tiktoken } = await import('js-tiktoken/lite');
      const ranks = name === 'o200k_base' ? (await import('js-tiktoken/ranks/o200k_base')).default : (await import('js-tiktoken/ranks/cl100k_base')).default;
      return new Tiktoken(ranks);
    })();
    loaded.set(name, p);
  }
  return p;
}

/** A function that counts the tokens of a text exactly in `name`. */
export async function getCounter(name: EncodingName): Promise<(text: string) => number> {
  const enc = await loadEncoding(name);
  return (text) => enc.encode(text).length;
}
