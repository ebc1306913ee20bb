/** Every adapter's name, written out so that --help does not load the adapters (a test keeps it in step). */
export const INPUT_FORMATS =
  'openai, anthropic, api-log, openai-batch, openai-batch-input, openai-usage, openai-costs, openai-usage-csv, azure-cost, anthropic-usage, anthropic-cost, claude-code, codex, openrouter, openrouter-csv, gemini, bedrock, bedrock-converse, litellm-spend, litellm-spend-csv, langfuse, helicone, generic-jsonl, generic-csv';
