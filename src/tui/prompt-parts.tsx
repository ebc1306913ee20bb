import { Box, Text } from 'ink';
import stringWidth from 'string-width';
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

/**
 * Characters a terminal would not show as themselves: a tab becomes spaces to the next stop of 4 columns (as
 * it would print), other control characters their visible symbol (␍ for a carriage return, ␛ for escape…),
 * so no prompt text can move the cursor or garble the screen.
 */
export function visible(text: string, column = 0): string {
  let out = '';
  let col = column;
  for (const ch of text) {
    if (ch === '\t') {
      const n = 4 - (col % 4);
      out += ' '.repeat(n);
      col += n;
      continue;
    }
    const code = ch.codePointAt(0)!;
    const shown = code < 0x20 ? String.fromCodePoint(0x2400 + code) : code === 0x7f ? '\u2421' : ch;
    out += shown;
    col += stringWidth(shown);
  }
  return out;
}

/**
 * Wraps lines of segments to a width in terminal columns (wide characters count 2), so that every character
 * is shown: a line breaks after the last space that fits, or, with none, inside a word. Nothing is dropped or
 * truncated, spaces included: the wrapped pieces put together are the text exactly (tabs and control
 * characters shown as `visible` shows them).
 */
export function wrapLines(lines: Segment[][], width: number): Segment[][] {
  const out: Segment[][] = [];
  for (const line of lines) {
    let current: Segment[] = [];
    let used = 0;
    for (const seg of line) {
      // Graphemes with their widths, so that a break never splits a character.
      const chars = [...new Intl.Segmenter().segment(visible(seg.text, used))].map((g) => ({ text: g.segment, width: stringWidth(g.segment) }));
      let i = 0;
      while (i < chars.length) {
        // How many characters fit on this line.
        let fit = 0;
        let w = used;
        while (i + fit < chars.length && w + chars[i + fit]!.width <= width) w += chars[i + fit++]!.width;
        if (i + fit === chars.length) {
          current.push({
            op: seg.op,
            text: chars
              .slice(i)
              .map((c) => c.text)
              .join(''),
          });
          used = w;
          break;
        }
        // Break after the last space that fits; with none, inside the word (or before it, on a started line).
        let cut = fit;
        for (let k = fit - 1; k >= 0; k--) {
          if (chars[i + k]!.text === ' ') {
            cut = k + 1;
            break;
          }
          if (k === 0) cut = used === 0 ? fit : 0;
        }
        if (fit === 0) cut = used === 0 ? 1 : 0;
        if (cut > 0)
          current.push({
            op: seg.op,
            text: chars
              .slice(i, i + cut)
              .map((c) => c.text)
              .join(''),
          });
        out.push(current);
        current = [];
        used = 0;
        i += cut;
      }
    }
    out.push(current);
  }
  return out;
}

export function DiffWindow({ lines, from, height, width }: { lines: Segment[][]; from: number; height: number; width: number }) {
  const shown = lines.slice(from, from + height);
  // The box is exactly the text width plus its border and padding: lines were wrapped to fit it.
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1} width={width + 4} flexShrink={0}>
      {shown.map((segments, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a line's key is its line number in the prompt
        <Text key={from + i} wrap="truncate-end">
          {segments.length === 0
            ? ' '
            : segments.map((s, j) =>
                s.op === 'equal' ? (
                  // biome-ignore lint/suspicious/noArrayIndexKey: segments are positions in a line that never reorders
                  <Text key={j}>{s.text}</Text>
                ) : (
                  // biome-ignore lint/suspicious/noArrayIndexKey: segments are positions in a line that never reorders
                  <Text key={j} color={s.op === 'remove' ? 'red' : 'green'} strikethrough={s.op === 'remove'}>
                    {s.text}
                  </Text>
                ),
              )}
        </Text>
      ))}
      <Text dimColor wrap="truncate-end">
        lines {lines.length === 0 ? 0 : from + 1}–{Math.min(lines.length, from + height)} of {lines.length}
      </Text>
    </Box>
  );
}

/** The catalog models matching what was typed, with the cursor on one; Enter picks it. */
export function ModelPicker({ models, query, cursor, rows = 10 }: { models: PromptModel[]; query: string; cursor: number; rows?: number }) {
  const matches = pickerMatches(models, query);
  const start = Math.max(0, Math.min(cursor - Math.floor(rows / 2), matches.length - rows));
  return (
    <Box flexDirection="column" borderStyle="single" paddingX={1}>
      <Text wrap="truncate-end">
        Pick a model: <Text bold>{query}</Text>
        <Text dimColor>▏ (type to filter, ↑/↓, Enter to pick, Esc to cancel)</Text>
      </Text>
      {matches.length === 0 ? <Text dimColor>no model matches</Text> : null}
      {matches.slice(start, start + rows).map((m, i) => (
        <Text key={m.id} inverse={start + i === cursor} wrap="truncate-end">
          {m.id}{' '}
          <Text dimColor>
            ({m.provider}, ${m.inputPerMillion}/1M in{m.estimate ? ', ≈ estimate' : ''})
          </Text>
        </Text>
      ))}
    </Box>
  );
}

export function pickerMatches(models: PromptModel[], query: string): PromptModel[] {
  const q = query.toLowerCase();
  return models.filter((m) => m.id.toLowerCase().includes(q));
}
