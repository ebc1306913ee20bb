import type { FormatAdapter } from '../adapter.js';

// Placeholder: replaced by the real adapter (issue 3).
export const langfuseAdapter: FormatAdapter = {
  name: 'langfuse',
  description: 'langfuse (not yet implemented)',
  containers: ['jsonl', 'json'],
  detect: () => 0,
  open: () => ({ push() {}, finish() {} }),
};
