import type { FormatAdapter } from '../adapter.js';

// Placeholder: replaced by the real adapter (issue 3).
export const bedrockInvocationLogAdapter: FormatAdapter = {
  name: 'bedrock',
  description: 'bedrock (not yet implemented)',
  containers: ['jsonl', 'json'],
  detect: () => 0,
  open: () => ({ push() {}, finish() {} }),
};

export const bedrockConverseAdapter: FormatAdapter = {
  name: 'bedrock-converse',
  description: 'bedrock-converse (not yet implemented)',
  containers: ['jsonl', 'json'],
  detect: () => 0,
  open: () => ({ push() {}, finish() {} }),
};
