import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { claudeCodeLogDirs } from '../ingest/formats/claude-code.js';
import { codexLogDirs } from '../ingest/formats/codex.js';
import { walk } from '../util/files.js';

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
  return [
    ...claudeCodeLogDirs(env, home).map((dir) => ({ agent: 'claude-code' as const, dir })),
    ...codexLogDirs(env, home).map((dir) => ({ agent: 'codex' as const, dir })),
  ];
}

/**
 * The `.jsonl` files under the agents' log folders (util/files.ts `walk`, in name order). Folders that do not
 * exist or cannot be read are passed over: an agent that was never run simply has no logs.
 */
export function listAgentLogs(dirs = agentLogDirs(), agents: AgentName[] = AGENTS): AgentLogFile[] {
  const out: AgentLogFile[] = [];
  const found = (agent: AgentName, path: string) => {
    if (!path.endsWith('.jsonl')) return;
    try {
      const st = statSync(path);
      out.push({ agent, path, size: st.size, mtimeMs: Math.floor(st.mtimeMs) });
    } catch {
      // Removed while walking (a session file rotated away): nothing to read.
    }
  };
  for (const { agent, dir } of dirs) {
    if (!agents.includes(agent)) continue;
    try {
      walk(dir, (path) => found(agent, path));
    } catch {
      // A log folder that cannot be read holds no logs llmcost can show.
    }
  }
  return out;
}

/** Whether any agent has left a session log on this machine (bare `llmcost` then shows the daily view). */
export function anyAgentLogs(dirs = agentLogDirs()): boolean {
  return listAgentLogs(dirs).length > 0;
}
