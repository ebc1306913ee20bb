import type { FormatAdapter } from '../adapter.js';

// Placeholder: replaced by the real adapter (issue 3).
export const azureCostCsvAdapter: FormatAdapter = {
  name: 'azure-cost',
  description: 'azure-cost (not yet implemented)',
  containers: ['csv'],
  detect: () => 0,
  open: () => ({ push() {}, finish() {} }),
};
