import type { FormatAdapter } from '../adapter.js';

// Placeholder: replaced by the real adapter (issue 3).
export const litellmSpendAdapter: FormatAdapter = {
  name: 'litellm-spend',
  description: 'litellm-spend (not yet implemented)',
  containers: ['jsonl', 'json'],
  detect: () => 0,
  open: () => ({ push() {}, finish() {} }),
};

export const litellmSpendCsvAdapter: FormatAdapter = {
  name: 'litellm-spend-csv',
  description: 'litellm-spend-csv (not yet implemented)',
  containers: ['csv'],
  detect: () => 0,
  open: () => ({ push() {}, finish() {} }),
};
