import { readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { claudeCodeLogDirs } from '../ingest/formats/claude-code.js';
import { codexLogDirs } from '../ingest/formats/codex.js';

/** The coding agents whose local session logs llmcost reads by itself. */
export type AgentName = 'claude-code' | 'codex';
export const AGENTS: AgentName[] = ['claude-code', 'codex'];

/** One session log of an agent, as found on disk. */
export interface AgentLogFile {
  agent: AgentName;
  path: string;
  size: number;
  mtimeMs: number;
}

/** Every folder an agent may keep its logs in (existing or not), in the order they are read. */
export function agentLogDirs(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): { agent: AgentName; dir: string }[] {
  return [...claudeCodeLogDirs(env, home).map((dir) => ({ agent: 'claude-code' as const, dir })), ...codexLogDirs(env, home).map((dir) => ({ agent: 'codex' as const, dir }))];
}

/**
 * The `.jsonl` files under the agents' log folders, walked recursively in name order. Folders that do not
 * exist or cannot be read are passed over: an agent that was never run simply has no logs.
 */
export function listAgentLogs(dirs = agentLogDirs(), agents: AgentName[] = AGENTS): AgentLogFile[] {
  const out: AgentLogFile[] = [];
  const walk = (agent: AgentName, dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(agent, p);
      else if (e.isFile() && e.name.endsWith('.jsonl')) {
        try {
          const st = statSync(p);
          out.push({ agent, path: p, size: st.size, mtimeMs: Math.floor(st.mtimeMs) });
        } catch {
          // Removed while walking (a session file rotated away): nothing to read.
        }
      }
    }
  };
  for (const { agent, dir } of dirs) if (agents.includes(agent)) walk(agent, dir);
  return out;
}

/** Whether any agent has left a session log on this machine (bare `llmcost` then shows the daily view). */
export function anyAgentLogs(dirs = agentLogDirs()): boolean {
  return listAgentLogs(dirs).length > 0;
}
