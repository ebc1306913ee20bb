import { render, useApp, useStdout } from 'ink';
import { extname } from 'node:path';
import { useEffect, useMemo, useState } from 'react';
import { compressWith, type CompressInput } from '../prompt/compress-input.js';
import type { PassId } from '../prompt/passes/index.js';
import { errorMessage, UserError } from '../util/errors.js';
import { EXIT_INTERRUPTED } from '../util/interrupt.js';
import { writeText } from '../util/files.js';
import { countersFor } from '../tokens/measure.js';
import { encodingsOf, type PromptModel } from '../tokens/models.js';
import { CompressView } from './prompt-compress-view.js';
import { termText } from '../report/escape.js';

/** Where the screen's write key saves the result: -o FILE, else beside the input as NAME.compressed.EXT. */
export function resultPath(input: CompressInput, output: string | null): string {
  if (output !== null) return output;
  if (input.file === 'stdin') return 'compressed.txt';
  const ext = extname(input.file);
  return `${input.file.slice(0, input.file.length - ext.length)}.compressed${ext || '.txt'}`;
}

/** The terminal's size, following resizes. */
function useTerminalSize(): { columns: number; rows: number } {
  const stdout = useStdout().stdout as NodeJS.WriteStream;
  const read = () => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `read` only reads `stdout`, the one dependency
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => void stdout.off('resize', onResize);
  }, [stdout]);
  return size;
}

/** Holds what the user changed (passes, model) and re-runs the pipeline for the view. */
export function CompressApp({ start, output, onInterrupt }: { start: CompressInput; output: string | null; onInterrupt: () => void }) {
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize();
  const [input, setInput] = useState(start);
  const [enabled, setEnabled] = useState<ReadonlySet<PassId>>(start.settings.passes);
  const [status, setStatus] = useState<string | null>(null);
  // Example pruning turned on from the screen (no --keep-examples given) keeps 2.
  const keepExamples = start.settings.passes.has('examples') ? start.settings.keepExamples : 2;
  const doc = useMemo(
    () => compressWith(input, { ...input.settings, passes: enabled, keepExamples }, { outputFile: null, diff: true }),
    [input, enabled, keepExamples],
  );

  const pickModel = (model: PromptModel) => {
    const models = [model, ...input.models.filter((m) => m.id !== model.id)];
    setStatus(`Counting with ${model.encoding}…`);
    countersFor(encodingsOf(models)).then(
      (counters) => {
        setInput({ ...input, models, counters, primary: model.encoding });
        setStatus(null);
      },
      (err: unknown) => setStatus(`Cannot load ${model.encoding}: ${errorMessage(err)}`),
    );
  };

  return (
    <CompressView
      doc={doc}
      enabled={enabled}
      catalog={input.catalogModels}
      status={status}
      columns={columns}
      rows={rows}
      onTogglePass={(id) => {
        const next = new Set(enabled);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        setEnabled(next);
      }}
      onPickModel={pickModel}
      onWrite={() => {
        const path = resultPath(input, output);
        try {
          writeText(path, doc.output, 'the compressed prompt to');
          setStatus(`Written to ${termText(path)} (${doc.encodings[0]!.after} tokens).`);
        } catch (err) {
          setStatus(errorMessage(err));
        }
      }}
      onExit={() => exit()}
      onInterrupt={() => {
        onInterrupt();
        exit();
      }}
    />
  );
}

/**
 * The interactive compress screen on a terminal; resolves when the user quits. Ctrl-C leaves the screen too
 * (the terminal restored) and ends the command with exit code 130, as an interrupt does everywhere in llmcost.
 */
export async function runCompressScreen(input: CompressInput, output: string | null): Promise<void> {
  let interrupted = false;
  const app = render(<CompressApp start={input} output={output} onInterrupt={() => (interrupted = true)} />, { exitOnCtrlC: false });
  await app.waitUntilExit();
  if (interrupted) throw new UserError('interrupted (Ctrl-C).', EXIT_INTERRUPTED);
}
