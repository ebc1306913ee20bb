/**
 * The namespaces a model id is written under: a gateway's or SDK's prefix (`openai/gpt-4o`,
 * `openrouter/anthropic/claude-sonnet-4.5`) or a record's provider. One table serves pricing and token
 * counting: a tokenizer follows the model whoever sells it, a price only where the seller's is known.
 */
export interface Namespace {
  /** The prefix as written, lower case, with its slash. */
  prefix: string;
  /**
   * Catalog providers whose own models this namespace sells at their list price: stripping the prefix is
   * an exact rewrite only onto an entry of one of these. `'pass-through'`: the namespace bills every
   * model at its maker's price, so it constrains nothing.
   */
  sells: readonly string[] | 'pass-through';
  /**
   * The namespace resells other makers' models under the makers' own ids at prices of its own (Azure's
   * Mistral Large is not Mistral's), so a record that names it as provider resolves only through names
   * it qualifies (`azure/gpt-4o`) or entries it sells.
   */
  reseller?: boolean;
}

export const NAMESPACES: readonly Namespace[] = [
  { prefix: 'openai/', sells: ['openai'] },
  { prefix: 'text-completion-openai/', sells: ['openai'] },
  { prefix: 'anthropic/', sells: ['anthropic'] },
  { prefix: 'gemini/', sells: ['google'] },
  { prefix: 'google/', sells: ['google'] },
  // The Gemini API's resource names ("models/gemini-2.5-pro").
  { prefix: 'models/', sells: ['google'] },
  // Vertex AI bills Google's own models at the Gemini list prices, and resells Claude, Mistral and others.
  { prefix: 'vertex_ai/', sells: ['google'], reseller: true },
  { prefix: 'deepseek/', sells: ['deepseek'] },
  { prefix: 'mistral/', sells: ['mistral'] },
  { prefix: 'mistralai/', sells: ['mistral'] },
  { prefix: 'xai/', sells: ['xai'] },
  { prefix: 'x-ai/', sells: ['xai'] },
  // Bedrock's own entries (regional inference profiles); other makers' models on Bedrock resolve through
  // the catalog's explicit Bedrock ids ("anthropic.claude-…-v1:0", "bedrock/anthropic.…").
  { prefix: 'bedrock/converse/', sells: ['bedrock'] },
  { prefix: 'bedrock/', sells: ['bedrock'] },
  { prefix: 'azure/', sells: ['azure'], reseller: true },
  { prefix: 'azure_ai/', sells: ['azure_ai'], reseller: true },
  // OpenRouter passes its providers' prices through unchanged (OpenRouter FAQ).
  { prefix: 'openrouter/', sells: 'pass-through' },
];

/** The namespace a record's provider names ("azure" → azure/), if it is one of the table's. */
export function namespaceOfProvider(provider: string): Namespace | undefined {
  const p = `${provider.trim().toLowerCase()}/`;
  return NAMESPACES.find((n) => n.prefix === p);
}

/** Removes one leading namespace prefix, the longest that fits, or returns undefined. */
export function stripNamespace(model: string): { rest: string; namespace: Namespace } | undefined {
  for (const namespace of NAMESPACES) {
    if (model.startsWith(namespace.prefix) && model.length > namespace.prefix.length) return { rest: model.slice(namespace.prefix.length), namespace };
  }
  return undefined;
}

/** A Bedrock ARN's model or inference-profile id: its last segment. Geography prefixes ("us.") stay. */
export function withoutArn(model: string): string {
  return model.startsWith('arn:') ? model.slice(model.lastIndexOf('/') + 1) : model;
}

/**
 * The base model of an OpenAI fine-tune id, `ft:<base>:<org>:<suffix>:<job>` (a checkpoint adds
 * `:ckpt-step-<n>`), or undefined when the id is not one.
 */
export function fineTuneBase(model: string): string | undefined {
  if (!model.startsWith('ft:')) return undefined;
  const base = model.slice(3).split(':')[0];
  return base ? base : undefined;
}

/**
 * The model a name runs, for choosing its tokenizer: namespaces stripped whoever sells them, an ARN cut
 * to its id, a fine-tune to its base ("azure/gpt-4o" and "ft:gpt-4o-mini-2024-07-18:acme::x" are GPT-4o
 * models). Never used to price.
 */
export function underlyingModel(model: string): string {
  let m = withoutArn(model.trim().toLowerCase());
  for (let s = stripNamespace(m); s; s = stripNamespace(m)) m = s.rest;
  return fineTuneBase(m) ?? m;
}
