import { Box, Text, useInput } from 'ink';
import { useState } from 'react';
import type { CompressDoc } from '../prompt/compress-doc.js';
import { PASSES, type PassId } from '../prompt/passes/index.js';
import { modelLabel } from '../report/prompt-format.js';
import { callUsd, int, pct, usd } from '../util/numbers.js';
import type { PromptModel } from '../tokens/models.js';
import { useModelPicker } from './model-picker-state.js';
import { diffLines, DiffWindow, ModelPicker, pickerMatches, wrapLines } from './prompt-parts.js';
import { termText } from '../report/escape.js';

export interface CompressViewProps {
  doc: CompressDoc;
  enabled: ReadonlySet<PassId>;
  catalog: PromptModel[];
  /** A line to show under the figures (e.g. where the result was written). */
  status: string | null;
  /** The terminal's size: the screen fits in it, the prompt window taking what the rest leaves. */
  columns: number;
  rows: number;
  onTogglePass: (id: PassId) => void;
  onPickModel: (model: PromptModel) => void;
  onWrite: () => void;
  onExit: () => void;
  /** Ctrl-C: leave at once (the command then exits 130). */
  onInterrupt: () => void;
}

const STATUS: Record<string, string> = { 'target-reached': 'not needed', 'not-applicable': 'n/a', reverted: 'undone', off: 'off' };

/** Short names for the pass grid. */
const NAME: Record<PassId, string> = {
  whitespace: 'whitespace',
  markdown: 'Markdown',
  json: 'JSON/YAML',
  tabular: 'JSON tables',
  phrases: 'phrases',
  dedupe: 'repeats',
  scaffolding: 'few-shot scaffolding',
  chat: 'chat turns',
  examples: 'prune examples',
  stopwords: 'stop words',
};

/** The key of the nth pass: 1–9, then 0. */
const keyOf = (n: number) => String((n + 1) % 10);

/** Models listed under the prompt at most. */
const MAX_MODELS = 3;

export interface CompressLayout {
  /** Lines of the prompt shown at once, and their width in columns. */
  promptRows: number;
  promptWidth: number;
  /** Columns of the pass grid (0: hidden while the model picker is open). */
  passColumns: number;
  /** Model lines shown (0 while the picker is open). */
  models: number;
  /** Models listed in the picker. */
  pickerRows: number;
}

/**
 * Fits the screen into the terminal, one line to spare (a full terminal scrolls its first line away): the
 * header, the prompt window (border, lines, position), the passes in a grid, the figures per model, the
 * status and the key help. While the model picker is open it takes the place of the passes and figures, so
 * the header and the prompt stay in view.
 */
export function compressLayout(
  rows: number,
  columns: number,
  opts: { picker: boolean; unchanged: boolean; status: boolean; models: number; matches: number },
): CompressLayout {
  const promptWidth = Math.max(10, columns - 4);
  const fixed = 1 + 1 + (opts.unchanged ? 1 : 0) + (opts.status ? 1 : 0);
  const room = rows - 1 - fixed - 3;
  if (opts.picker) {
    // The picker: its border, the query line and the models listed (or "no model matches").
    const list = Math.max(1, Math.min(10, opts.matches, room - 3 - 3));
    return { promptRows: Math.max(1, room - 3 - list), promptWidth, passColumns: 0, models: 0, pickerRows: list };
  }
  const models = Math.min(MAX_MODELS, opts.models);
  // The prompt keeps at least 3 lines: the figures give way first, then the passes go to two columns (narrower).
  const fit = (passColumns: number, models: number) => room - Math.ceil(PASSES.length / passColumns) - (models > 0 ? 1 + models : 0);
  for (const [passColumns, shown] of [
    [columns >= 76 ? 2 : 1, models],
    [columns >= 76 ? 2 : 1, 1],
    [columns >= 76 ? 2 : 1, 0],
    [2, 0],
  ] as const) {
    if (fit(passColumns, shown) >= 3) return { promptRows: fit(passColumns, shown), promptWidth, passColumns, models: shown, pickerRows: 0 };
  }
  return { promptRows: Math.max(1, fit(2, 0)), promptWidth, passColumns: 2, models: 0, pickerRows: 0 };
}

/** The compress screen: the prompt with changes, the passes (keys 1–9, 0), live figures per model. */
export function CompressView({ doc, enabled, catalog, status, columns, rows, onTogglePass, onPickModel, onWrite, onExit, onInterrupt }: CompressViewProps) {
  const [from, setFrom] = useState(0);
  const [show, setShow] = useState<'changes' | 'result'>('changes');
  const { picker, open: openPicker, handleKey: pickerKey } = useModelPicker(catalog, onPickModel);
  const layout = compressLayout(rows, columns, {
    picker: picker !== null,
    unchanged: doc.unchanged !== null,
    status: status !== null,
    models: doc.models.length,
    matches: picker ? pickerMatches(catalog, picker.query).length : 0,
  });
  // The result view is the text that `w` writes, exactly; the changes view the word diff.
  const source = show === 'result' ? [{ op: 'equal' as const, text: doc.output }] : (doc.diff ?? [{ op: 'equal' as const, text: doc.output }]);
  const lines = wrapLines(diffLines(source, show), layout.promptWidth);
  const maxFrom = Math.max(0, lines.length - layout.promptRows);

  useInput((input, key) => {
    if (key.ctrl && input === 'c') return onInterrupt();
    if (pickerKey(input, key)) return;
    const n = /^[0-9]$/.test(input) ? (Number(input) + 9) % 10 : -1;
    if (n >= 0 && n < PASSES.length) onTogglePass(PASSES[n]!.id);
    else if (input === 'm') openPicker();
    else if (input === 'v') setShow((s) => (s === 'changes' ? 'result' : 'changes'));
    else if (input === 'w') onWrite();
    else if (input === 'q' || key.escape) onExit();
    else if (key.downArrow || input === 'j') setFrom((f) => Math.min(maxFrom, f + 1));
    else if (key.upArrow || input === 'k') setFrom((f) => Math.max(0, f - 1));
    else if (key.pageDown || input === ' ') setFrom((f) => Math.min(maxFrom, f + layout.promptRows));
    else if (key.pageUp) setFrom((f) => Math.max(0, f - layout.promptRows));
  });

  const primary = doc.encodings[0]!;
  const cellWidth = Math.floor((columns - 1) / Math.max(1, layout.passColumns)) - 1;
  const nameWidth = Math.max(6, Math.min(20, cellWidth - 16));
  const cells = PASSES.map((p, i) => {
    const outcome = doc.passes.find((o) => o.id === p.id)!;
    const saved = outcome.status === 'ran' ? `−${int(outcome.saved[primary.encoding] ?? 0)}` : STATUS[outcome.status]!;
    const text = `${keyOf(i)} ${enabled.has(p.id) ? '[x]' : '[ ]'} ${NAME[p.id].slice(0, nameWidth).padEnd(nameWidth)} ${saved}`.slice(0, cellWidth);
    return { id: p.id, text: text.padEnd(cellWidth), ran: outcome.status === 'ran' };
  });
  const gridRows =
    layout.passColumns === 0
      ? []
      : Array.from({ length: Math.ceil(cells.length / layout.passColumns) }, (_, r) =>
          cells.filter((_, i) => i % Math.ceil(cells.length / layout.passColumns) === r),
        );
  return (
    <Box flexDirection="column" width={columns}>
      <Text wrap="truncate-end">
        <Text bold>llmcost compress</Text> {termText(doc.file)} — {int(primary.before)} → <Text bold>{int(primary.after)}</Text> tokens ({primary.encoding}),{' '}
        <Text color="green">{pct(primary.savedShare)} saved</Text>
        {show === 'result' ? <Text dimColor> · result as written</Text> : null}
      </Text>
      {doc.unchanged ? (
        <Text color="yellow" wrap="truncate-end">
          {doc.summary}
        </Text>
      ) : null}
      <DiffWindow lines={lines} from={Math.min(from, maxFrom)} height={layout.promptRows} width={layout.promptWidth} />
      {gridRows.map((row, r) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the grid's rows are positions, redrawn whole
        <Text key={r} wrap="truncate-end">
          {row.map((c) => (
            <Text key={c.id} color={c.ran ? undefined : 'gray'}>
              {c.text}{' '}
            </Text>
          ))}
        </Text>
      ))}
      {layout.models > 0 ? (
        <Text dimColor wrap="truncate-end">
          Saved per model (input, standard rates; month = {int(doc.callsPerDay)} calls/day × 30):
        </Text>
      ) : null}
      {doc.models.slice(0, layout.models).map((m) => (
        <Text key={m.model} wrap="truncate-end">
          {modelLabel({ id: m.model, estimate: m.estimate }).padEnd(24)} {int(m.before)} → {int(m.after)} tokens · {callUsd(m.savedPerCall)}/call ·{' '}
          {usd(m.savedPer1000Calls)}/1k calls · <Text bold>{usd(m.savedPerMonth)}/month</Text>
        </Text>
      ))}
      {picker ? <ModelPicker models={catalog} query={picker.query} cursor={picker.cursor} rows={layout.pickerRows} /> : null}
      {status ? (
        <Text color="cyan" wrap="truncate-end">
          {status}
        </Text>
      ) : null}
      <Text dimColor wrap="truncate-end">
        1–9,0 toggle a pass · m model · v {show === 'changes' ? 'result' : 'changes'} · ↑/↓ scroll · w write · q quit
      </Text>
    </Box>
  );
}
