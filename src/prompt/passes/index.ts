import type { Masked } from '../spans.js';
import { removeRepeatedSentences } from './dedupe.js';
import { pruneExamples } from './examples.js';
import { trimMarkdown } from './markdown.js';
import { rewritePhrases } from './phrases.js';
import { removeStopWords } from './stopwords.js';
import { minifyJson, minifyYaml } from './structured.js';
import { normalizeWhitespace } from './whitespace.js';

export type PassId = 'whitespace' | 'markdown' | 'json' | 'tabular' | 'phrases' | 'dedupe' | 'examples' | 'stopwords';

export interface PassContext {
  masked: Pick<Masked, 'spans'>;
  keepExamples: number;
}

export interface Pass {
  id: PassId;
  label: string;
  /** On unless turned off; opt-in passes are off unless turned on. */
  defaultOn: boolean;
  /** Runs on JSON and YAML documents too (the others only touch prose). */
  structured: boolean;
  /** May remove protected spans that occur again elsewhere (dedupe), or outright (opt-in pruning). */
  removes: 'none' | 'repeats' | 'any';
  /** Printed whenever the pass runs. */
  warning?: string;
  run(text: string, ctx: PassContext): string;
}

/** The passes, in the order they run: the safest first, so that --target-tokens stops before the riskier ones. */
export const PASSES: Pass[] = [
  { id: 'whitespace', label: 'whitespace and blank lines', defaultOn: true, structured: true, removes: 'none', run: (t) => normalizeWhitespace(t) },
  { id: 'markdown', label: 'Markdown decoration', defaultOn: true, structured: false, removes: 'none', run: (t) => trimMarkdown(t) },
  { id: 'json', label: 'JSON/YAML minification', defaultOn: true, structured: true, removes: 'none', run: (t, c) => minifyYaml(minifyJson(t, c.masked, false), c.masked) },
  { id: 'tabular', label: 'JSON arrays of flat objects as tables', defaultOn: false, structured: true, removes: 'repeats', run: (t, c) => minifyJson(t, c.masked, true) },
  { id: 'phrases', label: 'filler and verbose phrases', defaultOn: true, structured: false, removes: 'none', run: (t) => rewritePhrases(t) },
  { id: 'dedupe', label: 'repeated sentences', defaultOn: true, structured: false, removes: 'repeats', run: (t, c) => removeRepeatedSentences(t, c.masked) },
  { id: 'examples', label: 'few-shot examples past --keep-examples', defaultOn: false, structured: false, removes: 'any', run: (t, c) => pruneExamples(t, c.masked, c.keepExamples) },
  {
    id: 'stopwords',
    label: 'stop words',
    defaultOn: false,
    structured: false,
    removes: 'none',
    warning: 'stop-word removal can make instructions ambiguous and hurt answer quality: check the output.',
    run: (t) => removeStopWords(t),
  },
];

