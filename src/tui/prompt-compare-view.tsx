import { Box, Text, useInput } from 'ink';
import { useState } from 'react';
import type { CompareDoc } from '../prompt/compare.js';
import { callUsd, int, signedInt, signedUsd, usd } from '../util/numbers.js';
import { modelLabel } from '../report/prompt-format.js';
import type { PromptModel } from '../tokens/models.js';
import { useModelPicker } from './model-picker-state.js';
import { diffLines, DiffWindow, ModelPicker, wrapLines } from './prompt-parts.js';
import { termText } from '../report/escape.js';

export interface CompareViewProps {
  doc: CompareDoc;
  catalog: PromptModel[];
  status: string | null;
  height: number;
  width: number;
  onPickModel: (model: PromptModel) => void;
  onWrite: () => void;
  onExit: () => void;
}

/** The compare screen: the word diff of A → B, and tokens and dollars of both per model. */
export function CompareView({ doc, catalog, status, height, width, onPickModel, onWrite, onExit }: CompareViewProps) {
  const [from, setFrom] = useState(0);
  const { picker, open: openPicker, handleKey: pickerKey } = useModelPicker(catalog, onPickModel);
  const rows = picker ? Math.max(3, height - 12) : height;
  const lines = wrapLines(diffLines(doc.diff, 'changes'), width);
  const maxFrom = Math.max(0, lines.length - rows);

  useInput((input, key) => {
    if (pickerKey(input, key)) return;
    if (input === 'm') openPicker();
    else if (input === 'w') onWrite();
    else if (input === 'q' || key.escape) onExit();
    else if (key.downArrow || input === 'j') setFrom((f) => Math.min(maxFrom, f + 1));
    else if (key.upArrow || input === 'k') setFrom((f) => Math.max(0, f - 1));
    else if (key.pageDown || input === ' ') setFrom((f) => Math.min(maxFrom, f + rows));
    else if (key.pageUp) setFrom((f) => Math.max(0, f - rows));
  });

  return (
    <Box flexDirection="column">
      <Text>
        <Text bold>llmcost compare</Text> A: {termText(doc.a.path)} · B: {termText(doc.b.path)}
      </Text>
      {doc.encodings.map((e) => (
        <Text key={e.encoding}>
          {e.encoding.padEnd(12)} A {int(e.a)} · B {int(e.b)} · <Text color={e.delta > 0 ? 'red' : 'green'}>Δ {signedInt(e.delta)} tokens</Text>
        </Text>
      ))}
      <DiffWindow lines={lines} from={Math.min(from, maxFrom)} height={rows} width={width} />
      <Text dimColor>Per model (month = {int(doc.callsPerDay)} calls/day × 30):</Text>
      {doc.models.map((m) => (
        <Text key={m.model}>
          {modelLabel({ id: m.model, estimate: m.estimate }).padEnd(24)} A {callUsd(m.a.costPerCall)} · B {callUsd(m.b.costPerCall)} /call ·{' '}
          <Text bold color={m.delta.costPerMonth > 0 ? 'red' : 'green'}>
            {signedUsd(m.delta.costPerMonth)}/month
          </Text>{' '}
          ({usd(m.a.costPerMonth)} → {usd(m.b.costPerMonth)})
        </Text>
      ))}
      {picker ? <ModelPicker models={catalog} query={picker.query} cursor={picker.cursor} /> : null}
      {status ? <Text color="cyan">{status}</Text> : null}
      <Text dimColor>m model · ↑/↓ scroll · w write the Markdown report · q quit</Text>
    </Box>
  );
}
