import type { FormatAdapter } from '../adapter.js';
import { anthropicAdapter } from './anthropic.js';
import { apiLogAdapter } from './api-log.js';
import { genericCsvAdapter, genericJsonlAdapter } from './generic.js';
import { openaiAdapter } from './openai.js';
import { openaiBatchAdapter } from './openai-batch.js';
import { openaiBatchInputAdapter } from './openai-batch-input.js';
import { openaiUsageAdapter, openaiCostsAdapter } from './openai-usage.js';
import { openaiUsageCsvAdapter } from './openai-usage-csv.js';
import { azureCostCsvAdapter } from './azure-cost.js';
import { anthropicUsageReportAdapter, anthropicCostReportAdapter } from './anthropic-admin.js';
import { claudeCodeAdapter } from './claude-code.js';
import { codexAdapter } from './codex.js';
import { openrouterGenerationAdapter, openrouterActivityCsvAdapter } from './openrouter.js';
import { geminiAdapter } from './gemini.js';
import { bedrockInvocationLogAdapter, bedrockConverseAdapter } from './bedrock.js';
import { litellmSpendAdapter, litellmSpendCsvAdapter } from './litellm-spend.js';
import { langfuseAdapter } from './langfuse.js';
import { heliconeAdapter } from './helicone.js';

/** Every format llmcost reads, in the order detection breaks ties (the generic layout last). */
export const ADAPTERS: readonly FormatAdapter[] = [
  openaiAdapter,
  anthropicAdapter,
  apiLogAdapter,
  openaiBatchAdapter,
  openaiBatchInputAdapter,
  openaiUsageAdapter,
  openaiCostsAdapter,
  openaiUsageCsvAdapter,
  azureCostCsvAdapter,
  anthropicUsageReportAdapter,
  anthropicCostReportAdapter,
  claudeCodeAdapter,
  codexAdapter,
  openrouterGenerationAdapter,
  openrouterActivityCsvAdapter,
  geminiAdapter,
  bedrockInvocationLogAdapter,
  bedrockConverseAdapter,
  litellmSpendAdapter,
  litellmSpendCsvAdapter,
  langfuseAdapter,
  heliconeAdapter,
  genericJsonlAdapter,
  genericCsvAdapter,
];

export function adapterByName(name: string): FormatAdapter | undefined {
  return ADAPTERS.find((a) => a.name === name);
}
