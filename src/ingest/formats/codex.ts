import type { FormatAdapter } from '../adapter.js';

// Placeholder: replaced by the real adapter (issue 3).
export const codexAdapter: FormatAdapter = {
  name: 'codex',
  description: 'codex (not yet implemented)',
  containers: ['jsonl'],
  detect: () => 0,
  open: () => ({ push() {}, finish() {} }),
};
