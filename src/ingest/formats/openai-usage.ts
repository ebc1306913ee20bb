import type { FormatAdapter } from '../adapter.js';

// Placeholder: replaced by the real adapter (issue 3).
export const openaiUsageAdapter: FormatAdapter = {
  name: 'openai-usage',
  description: 'openai-usage (not yet implemented)',
  containers: ['jsonl', 'json'],
  detect: () => 0,
  open: () => ({ push() {}, finish() {} }),
};

export const openaiCostsAdapter: FormatAdapter = {
  name: 'openai-costs',
  description: 'openai-costs (not yet implemented)',
  containers: ['jsonl', 'json'],
  detect: () => 0,
  open: () => ({ push() {}, finish() {} }),
};
