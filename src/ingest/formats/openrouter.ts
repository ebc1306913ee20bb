import type { FormatAdapter } from '../adapter.js';

// Placeholder: replaced by the real adapter (issue 3).
export const openrouterGenerationAdapter: FormatAdapter = {
  name: 'openrouter',
  description: 'openrouter (not yet implemented)',
  containers: ['jsonl', 'json'],
  detect: () => 0,
  open: () => ({ push() {}, finish() {} }),
};

export const openrouterActivityCsvAdapter: FormatAdapter = {
  name: 'openrouter-csv',
  description: 'openrouter-csv (not yet implemented)',
  containers: ['csv'],
  detect: () => 0,
  open: () => ({ push() {}, finish() {} }),
};
