import { Box, render, Text, useApp, useInput } from 'ink';
import { useEffect, useState } from 'react';
import type { AgentViewOptions, BlocksDocument } from '../agents/command.js';
import type { Context } from '../cli/context.js';

interface LiveOptions extends AgentViewOptions {
  interval?: number;
}

/** The blocks report, read again every few seconds; q or Esc quits. */
export function BlocksLive({ load, intervalMs, onExit }: { load: () => Promise<string>; intervalMs: number; onExit?: () => void }) {
  const { exit } = useApp();
  const [text, setText] = useState('Reading the agent logs…');
  const [updated, setUpdated] = useState<string>('');
  const [error, setError] = useState<string | null>(null);
  useInput((input, key) => {
    if (input === 'q' || key.escape || (key.ctrl && input === 'c')) {
      onExit?.();
      exit();
    }
  });
  useEffect(() => {
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    const tick = async () => {
      try {
        const next = await load();
        if (stopped) return;
        setText(next.trimEnd());
        setUpdated(new Date().toLocaleTimeString('en-GB'));
        setError(null);
      } catch (err) {
        if (!stopped) setError((err as Error).message);
      }
      if (!stopped) timer = setTimeout(() => void tick(), intervalMs);
    };
    void tick();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [load, intervalMs]);
  return (
    <Box flexDirection="column">
      <Text>{text}</Text>
      {error ? <Text color="red">{error}</Text> : null}
      <Text dimColor>{`updated ${updated} · every ${intervalMs / 1000}s · q quits`}</Text>
    </Box>
  );
}

/** `llmcost blocks --live` on a terminal: resolves when the user quits. */
export async function runBlocksLive(ctx: Context, opts: LiveOptions): Promise<void> {
  const { agentViewCommand } = await import('../agents/command.js');
  const { renderBlocks } = await import('../report/agent-views.js');
  const load = async () => renderBlocks((await agentViewCommand(ctx, 'blocks', { ...opts, recent: true, quiet: true })) as BlocksDocument, opts.breakdown === true);
  const app = render(<BlocksLive load={load} intervalMs={(opts.interval ?? 5) * 1000} />);
  await app.waitUntilExit();
}
