import type { DiffPart } from '../prompt/diff.js';

/**
 * A word diff as text: on a terminal removed words are red and struck through and added ones green; without
 * colors, `[-removed-]` and `{+added+}` (the wdiff convention), which survives pipes and logs.
 */
export function renderDiff(parts: DiffPart[], color: boolean): string {
  return parts
    .map((p) => {
      if (p.op === 'equal') return p.text;
      if (color) return p.op === 'remove' ? `\x1b[9;31m${p.text}\x1b[0m` : `\x1b[32m${p.text}\x1b[0m`;
      return p.op === 'remove' ? `[-${p.text}-]` : `{+${p.text}+}`;
    })
    .join('');
}
