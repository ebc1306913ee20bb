import type { FormatAdapter } from '../adapter.js';

// Placeholder: replaced by the real adapter (issue 3).
export const openaiBatchAdapter: FormatAdapter = {
  name: 'openai-batch',
  description: 'openai-batch (not yet implemented)',
  containers: ['jsonl'],
  detect: () => 0,
  open: () => ({ push() {}, finish() {} }),
};
