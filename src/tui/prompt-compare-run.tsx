import { render, useApp } from 'ink';
import { useMemo, useState } from 'react';
import { compareInput, type CompareInput } from '../prompt/compare-input.js';
import { renderCompare } from '../report/prompt-compare.js';
import { countersFor } from '../tokens/measure.js';
import { encodingsOf, type PromptModel } from '../tokens/models.js';
import { errorMessage } from '../util/errors.js';
import { writeText } from '../util/files.js';
import { CompareView } from './prompt-compare-view.js';

/** Where the write key saves the Markdown comparison. */
export const COMPARE_REPORT = 'llmcost-compare.md';

function CompareApp({ start }: { start: CompareInput }) {
  const { exit } = useApp();
  const [input, setInput] = useState(start);
  const [status, setStatus] = useState<string | null>(null);
  const doc = useMemo(() => compareInput(input, input.models), [input]);
  return (
    <CompareView
      doc={doc}
      catalog={input.catalogModels}
      status={status}
      height={Math.max(5, (process.stdout.rows ?? 24) - 12)}
      width={Math.max(20, (process.stdout.columns ?? 80) - 4)}
      onPickModel={(model: PromptModel) => {
        const models = [model, ...input.models.filter((m) => m.id !== model.id)];
        countersFor(encodingsOf(models)).then(
          (counters) => setInput({ ...input, models, counters }),
          (err: unknown) => setStatus(`Cannot load ${model.encoding}: ${errorMessage(err)}`),
        );
      }}
      onWrite={() => {
        try {
          writeText(COMPARE_REPORT, renderCompare(doc, 'markdown', false), 'the comparison report to');
          setStatus(`Written to ${COMPARE_REPORT}.`);
        } catch (err) {
          setStatus(errorMessage(err));
        }
      }}
      onExit={() => exit()}
    />
  );
}

/** The interactive compare screen on a terminal; resolves when the user quits. */
export async function runCompareScreen(input: CompareInput): Promise<void> {
  const app = render(<CompareApp start={input} />);
  await app.waitUntilExit();
}
