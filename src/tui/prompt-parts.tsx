import { Box, Text } from 'ink';
import type { DiffPart } from '../prompt/diff.js';
import type { PromptModel } from '../tokens/models.js';

/** A diff as lines of colored pieces: removed text red and struck through, added text green. */
export type Segment = DiffPart;

export function diffLines(parts: DiffPart[], show: 'changes' | 'result'): Segment[][] {
  const lines: Segment[][] = [[]];
  for (const p of parts) {
    if (show === 'result' && p.op === 'remove') continue;
    const pieces = p.text.split('\n');
    pieces.forEach((piece, i) => {
      if (i > 0) lines.push([]);
      if (piece !== '') lines[lines.length - 1]!.push({ op: show === 'result' ? 'equal' : p.op, text: piece });
    });
  }
  return lines;
}

/** Wraps lines of segments to a width (in characters), so that long prompt lines are read in full. */
export function wrapLines(lines: Segment[][], width: number): Segment[][] {
  const out: Segment[][] = [];
  for (const line of lines) {
    let current: Segment[] = [];
    let used = 0;
    for (const seg of line) {
      let rest = seg.text;
      while (used + rest.length > width) {
        const room = width - used;
        // Break at the last space that fits, else hard at the width.
        const space = rest.lastIndexOf(' ', room);
        const cut = space > 0 ? space + 1 : used === 0 ? room : 0;
        if (cut > 0) current.push({ op: seg.op, text: rest.slice(0, cut) });
        out.push(current);
        current = [];
        used = 0;
        rest = rest.slice(cut);
      }
      if (rest !== '') {
        current.push({ op: seg.op, text: rest });
        used += rest.length;
      }
    }
    out.push(current);
  }
  return out;
}

export function DiffWindow({ lines, from, height }: { lines: Segment[][]; from: number; height: number }) {
  const shown = lines.slice(from, from + height);
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      {shown.map((segments, i) => (
        <Text key={from + i} wrap="truncate-end">
          {segments.length === 0
            ? ' '
            : segments.map((s, j) =>
                s.op === 'equal' ? (
                  <Text key={j}>{s.text}</Text>
                ) : (
                  <Text key={j} color={s.op === 'remove' ? 'red' : 'green'} strikethrough={s.op === 'remove'}>
                    {s.text}
                  </Text>
                ),
              )}
        </Text>
      ))}
      <Text dimColor>
        lines {lines.length === 0 ? 0 : from + 1}–{Math.min(lines.length, from + height)} of {lines.length}
      </Text>
    </Box>
  );
}

/** The catalog models matching what was typed, with the cursor on one; Enter picks it. */
export function ModelPicker({ models, query, cursor }: { models: PromptModel[]; query: string; cursor: number }) {
  const matches = pickerMatches(models, query);
  const start = Math.max(0, Math.min(cursor - 4, matches.length - 10));
  return (
    <Box flexDirection="column" borderStyle="single" paddingX={1}>
      <Text>
        Pick a model: <Text bold>{query}</Text>
        <Text dimColor>▏ (type to filter, ↑/↓, Enter to pick, Esc to cancel)</Text>
      </Text>
      {matches.length === 0 ? <Text dimColor>no model matches</Text> : null}
      {matches.slice(start, start + 10).map((m, i) => (
        <Text key={m.id} inverse={start + i === cursor}>
          {m.id} <Text dimColor>({m.provider}, ${m.inputPerMillion}/1M in{m.estimate ? ', ≈ estimate' : ''})</Text>
        </Text>
      ))}
    </Box>
  );
}

export function pickerMatches(models: PromptModel[], query: string): PromptModel[] {
  const q = query.toLowerCase();
  return models.filter((m) => m.id.toLowerCase().includes(q));
}
