/**
 * The cheaper sibling each premium model could hand short requests to: the same provider, the next tier
 * down of the same generation, as each provider positions its own models. Only these pairs are suggested;
 * the savings are then priced from the catalog, never assumed. Ids are catalog ids.
 */
export const DOWNGRADE_TARGETS: Readonly<Record<string, string>> = {
  'gpt-4': 'gpt-4o-mini',
  'gpt-4-turbo': 'gpt-4o-mini',
  'gpt-4o': 'gpt-4o-mini',
  'gpt-4o-2024-05-13': 'gpt-4o-mini',
  'chatgpt-4o-latest': 'gpt-4o-mini',
  'gpt-4.1': 'gpt-4.1-mini',
  'gpt-4.1-mini': 'gpt-4.1-nano',
  o1: 'o4-mini',
  o3: 'o4-mini',
  'gpt-5': 'gpt-5-mini',
  'gpt-5-mini': 'gpt-5-nano',
  'gpt-5.1': 'gpt-5-mini',
  'gpt-5.4': 'gpt-5.4-mini',
  'gpt-5.4-mini': 'gpt-5.4-nano',
  'claude-3-opus-20240229': 'claude-3-7-sonnet-20250219',
  'claude-3-7-sonnet-20250219': 'claude-3-5-haiku-20241022',
  'claude-opus-4-20250514': 'claude-sonnet-4-20250514',
  'claude-opus-4-1': 'claude-sonnet-4-5',
  'claude-opus-4-5': 'claude-sonnet-4-5',
  'claude-opus-4-6': 'claude-sonnet-4-6',
  'claude-sonnet-4-20250514': 'claude-haiku-4-5',
  'claude-sonnet-4-5': 'claude-haiku-4-5',
  'claude-sonnet-4-6': 'claude-haiku-4-5',
  'gemini-2.5-pro': 'gemini-2.5-flash',
  'gemini-2.5-flash': 'gemini-2.5-flash-lite',
  'gemini-3-pro-preview': 'gemini-3-flash-preview',
  'grok-3': 'grok-3-mini',
  'grok-4-0709': 'grok-4-fast-reasoning',
  'mistral-large-2411': 'mistral-small-latest',
  'mistral-medium-2508': 'mistral-small-latest',
};
