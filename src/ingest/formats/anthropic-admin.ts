import type { FormatAdapter } from '../adapter.js';

// Placeholder: replaced by the real adapter (issue 3).
export const anthropicUsageReportAdapter: FormatAdapter = {
  name: 'anthropic-usage',
  description: 'anthropic-usage (not yet implemented)',
  containers: ['jsonl', 'json'],
  detect: () => 0,
  open: () => ({ push() {}, finish() {} }),
};

export const anthropicCostReportAdapter: FormatAdapter = {
  name: 'anthropic-cost',
  description: 'anthropic-cost (not yet implemented)',
  containers: ['jsonl', 'json'],
  detect: () => 0,
  open: () => ({ push() {}, finish() {} }),
};
