import type { FormatAdapter } from '../adapter.js';

// Placeholder: replaced by the real adapter (issue 3).
export const openaiUsageCsvAdapter: FormatAdapter = {
  name: 'openai-usage-csv',
  description: 'openai-usage-csv (not yet implemented)',
  containers: ['csv'],
  detect: () => 0,
  open: () => ({ push() {}, finish() {} }),
};
