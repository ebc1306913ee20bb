import type { FormatAdapter } from '../adapter.js';

// Placeholder: replaced by the real adapter (issue 3).
export const heliconeAdapter: FormatAdapter = {
  name: 'helicone',
  description: 'helicone (not yet implemented)',
  containers: ['jsonl', 'json'],
  detect: () => 0,
  open: () => ({ push() {}, finish() {} }),
};
