import { fileURLToPath } from 'node:url';

/** A shell word: quoted when it holds anything a shell would read specially. */
function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** What bare `llmcost` prints when no coding agent has left logs on this machine. */
export function startPage(): string {
  const sample = fileURLToPath(new URL('../../fixtures/usage/sample.jsonl', import.meta.url));
  return [
    'llmcost: offline cost audit for LLM usage logs, priced exactly against a dated model catalog.',
    '',
    'No Claude Code or Codex session logs were found on this machine, so there is no daily view yet.',
    '',
    'Try it on the bundled sample (a throwaway database: nothing is kept):',
    `  llmcost --db :memory: audit ${shellWord(sample)}`,
    '',
    'Then on your own usage:',
    '  llmcost ingest FILE...    add API logs or billing exports to your history',
    '  llmcost audit             where the money goes: by model, day, feature, anomalies, savings',
    '  llmcost daily             Claude Code and Codex spend per day (also weekly, monthly, session, blocks)',
    '  llmcost check             budget gates for CI',
    '  llmcost db                which database you are using, and what it holds',
    '  llmcost --help            every command',
    '',
  ].join('\n');
}
