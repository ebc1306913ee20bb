import type { FormatAdapter } from '../adapter.js';
import { anthropicAdapter } from './anthropic.js';
import { apiLogAdapter } from './api-log.js';
import { genericCsvAdapter, genericJsonlAdapter } from './generic.js';
import { openaiAdapter } from './openai.js';

/** Every format llmcost reads, in the order detection breaks ties. */
export const ADAPTERS: readonly FormatAdapter[] = [openaiAdapter, anthropicAdapter, apiLogAdapter, genericJsonlAdapter, genericCsvAdapter];

export function adapterByName(name: string): FormatAdapter | undefined {
  return ADAPTERS.find((a) => a.name === name);
}
