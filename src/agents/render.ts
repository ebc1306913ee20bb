/**
 * Where cli/register-agents.ts loads the agent views' renderer: they live in report/agent-views.ts, and this
 * entry point goes once the command imports that module itself.
 */
export { renderAgentView } from '../report/agent-views.js';
