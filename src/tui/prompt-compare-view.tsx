import { Box, Text, useInput } from 'ink';
import { useState } from 'react';
import type { CompareDoc } from '../prompt/compare.js';
import { int, usd } from '../report/format.js';
import { callUsd, modelLabel, signedInt, signedUsd } from '../report/prompt-format.js';
import type { PromptModel } from '../tokens/models.js';
import { diffLines, DiffWindow, ModelPicker, pickerMatches, wrapLines } from './prompt-parts.js';

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
  const [picker, setPicker] = useState<{ query: string; cursor: number } | null>(null);
  const rows = picker ? Math.max(3, height - 12) : height;
  const lines = wrapLines(diffLines(doc.diff, 'changes'), width);
  const maxFrom = Math.max(0, lines.length - rows);

  useInput((input, key) => {
    if (picker) {
      const matches = pickerMatches(catalog, picker.query);
      if (key.escape) setPicker(null);
      else if (key.return) {
        const m = matches[picker.cursor];
        setPicker(null);
        if (m) onPickModel(m);
      } else if (key.upArrow) setPicker({ ...picker, cursor: Math.max(0, picker.cursor - 1) });
      else if (key.downArrow) setPicker({ ...picker, cursor: Math.min(matches.length - 1, picker.cursor + 1) });
      else if (key.backspace || key.delete) setPicker({ query: picker.query.slice(0, -1), cursor: 0 });
      else if (input && !key.ctrl && !key.meta) setPicker({ query: picker.query + input, cursor: 0 });
      return;
    }
    if (input === 'm') setPicker({ query: '', cursor: 0 });
    else if (input === 'w') onWrite();
    else if (input === 'q' || key.escape) onExit();
    else if (key.downArrow || input === 'j') setFrom(Math.min(maxFrom, from + 1));
    else if (key.upArrow || input === 'k') setFrom(Math.max(0, from - 1));
    else if (key.pageDown || input === ' ') setFrom(Math.min(maxFrom, from + rows));
    else if (key.pageUp) setFrom(Math.max(0, from - rows));
  });

  return (
    <Box flexDirection="column">
      <Text>
        <Text bold>llmcost compare</Text> A: {doc.a.path} · B: {doc.b.path}
      </Text>
      {doc.encodings.map((e) => (
        <Text key={e.encoding}>
          {e.encoding.padEnd(12)} A {int(e.a)} · B {int(e.b)} · <Text color={e.delta > 0 ? 'red' : 'green'}>Δ {signedInt(e.delta)} tokens</Text>
        </Text>
      ))}
      <DiffWindow lines={lines} from={Math.min(from, maxFrom)} height={rows} />
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
