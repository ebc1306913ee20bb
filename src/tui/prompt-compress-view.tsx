import { Box, Text, useInput } from 'ink';
import { useState } from 'react';
import type { CompressDoc } from '../prompt/compress-doc.js';
import { PASSES, type PassId } from '../prompt/passes/index.js';
import { callUsd, modelLabel } from '../report/prompt-format.js';
import { int, pct, usd } from '../report/format.js';
import type { PromptModel } from '../tokens/models.js';
import { useModelPicker } from './model-picker-state.js';
import { diffLines, DiffWindow, ModelPicker, wrapLines } from './prompt-parts.js';
import { termText } from '../report/escape.js';

export interface CompressViewProps {
  doc: CompressDoc;
  enabled: ReadonlySet<PassId>;
  catalog: PromptModel[];
  /** A line to show under the figures (e.g. where the result was written). */
  status: string | null;
  /** Lines of the prompt shown at once, and their width. */
  height: number;
  width: number;
  onTogglePass: (id: PassId) => void;
  onPickModel: (model: PromptModel) => void;
  onWrite: () => void;
  onExit: () => void;
}

const STATUS: Record<string, string> = { 'target-reached': 'not needed', 'not-applicable': 'n/a', reverted: 'undone', off: 'off' };

/** The compress screen: the prompt with changes, the passes (keys 1–8), live figures per model. */
export function CompressView({ doc, enabled, catalog, status, height, width, onTogglePass, onPickModel, onWrite, onExit }: CompressViewProps) {
  const [from, setFrom] = useState(0);
  const [show, setShow] = useState<'changes' | 'result'>('changes');
  const { picker, open: openPicker, handleKey: pickerKey } = useModelPicker(catalog, onPickModel);
  // The picker takes room from the prompt window while it is open.
  const rows = picker ? Math.max(3, height - 12) : height;
  const lines = wrapLines(diffLines(doc.diff ?? [{ op: 'equal', text: doc.output }], show), width);
  const maxFrom = Math.max(0, lines.length - rows);

  useInput((input, key) => {
    if (pickerKey(input, key)) return;
    const n = Number(input);
    if (Number.isInteger(n) && n >= 1 && n <= PASSES.length) onTogglePass(PASSES[n - 1]!.id);
    else if (input === 'm') openPicker();
    else if (input === 'v') setShow((s) => (s === 'changes' ? 'result' : 'changes'));
    else if (input === 'w') onWrite();
    else if (input === 'q' || key.escape) onExit();
    else if (key.downArrow || input === 'j') setFrom((f) => Math.min(maxFrom, f + 1));
    else if (key.upArrow || input === 'k') setFrom((f) => Math.max(0, f - 1));
    else if (key.pageDown || input === ' ') setFrom((f) => Math.min(maxFrom, f + rows));
    else if (key.pageUp) setFrom((f) => Math.max(0, f - rows));
  });

  const primary = doc.encodings[0]!;
  return (
    <Box flexDirection="column">
      <Text>
        <Text bold>llmcost compress</Text> {termText(doc.file)} — {int(primary.before)} → <Text bold>{int(primary.after)}</Text> tokens ({primary.encoding}),{' '}
        <Text color="green">{pct(primary.savedShare)} saved</Text>
      </Text>
      {doc.unchanged ? <Text color="yellow">{doc.summary}</Text> : null}
      <DiffWindow lines={lines} from={Math.min(from, maxFrom)} height={rows} />
      <Box flexDirection="column">
        {PASSES.map((p, i) => {
          const outcome = doc.passes.find((o) => o.id === p.id)!;
          const on = enabled.has(p.id);
          return (
            <Text key={p.id}>
              <Text bold>{i + 1}</Text> {on ? '[x]' : '[ ]'} {p.label.padEnd(40)}{' '}
              {outcome.status === 'ran' ? <Text color="green">−{int(outcome.saved[primary.encoding] ?? 0)} tokens</Text> : <Text dimColor>{STATUS[outcome.status]}</Text>}
            </Text>
          );
        })}
      </Box>
      <Box flexDirection="column" marginTop={1}>
        <Text dimColor>Saved per model (input, standard rates; month = {int(doc.callsPerDay)} calls/day × 30):</Text>
        {doc.models.map((m) => (
          <Text key={m.model}>
            {modelLabel({ id: m.model, estimate: m.estimate }).padEnd(24)} {int(m.before)} → {int(m.after)} tokens · {callUsd(m.savedPerCall)}/call · {usd(m.savedPer1000Calls)}/1k calls ·{' '}
            <Text bold>{usd(m.savedPerMonth)}/month</Text>
          </Text>
        ))}
      </Box>
      {picker ? <ModelPicker models={catalog} query={picker.query} cursor={picker.cursor} /> : null}
      {status ? <Text color="cyan">{status}</Text> : null}
      <Text dimColor>1–8 toggle a pass · m model · v {show === 'changes' ? 'result' : 'changes'} · ↑/↓ scroll · w write · q quit</Text>
    </Box>
  );
}
