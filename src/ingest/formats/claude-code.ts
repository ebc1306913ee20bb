import type { FormatAdapter } from '../adapter.js';

// Placeholder: replaced by the real adapter (issue 3).
export const claudeCodeAdapter: FormatAdapter = {
  name: 'claude-code',
  description: 'claude-code (not yet implemented)',
  containers: ['jsonl'],
  detect: () => 0,
  open: () => ({ push() {}, finish() {} }),
};
