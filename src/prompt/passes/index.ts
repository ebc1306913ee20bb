import { spanOf, type Masked } from '../spans.js';
import { removeRepeatedSentences } from './dedupe.js';
import { pruneExamples } from './examples.js';
import { trimMarkdown } from './markdown.js';
import { rewritePhrases } from './phrases.js';
import { trimScaffolding } from './scaffolding.js';
import { removeStopWords } from './stopwords.js';
import { minifyJson, minifyYaml } from './structured.js';
import { dedentProse, normalizeWhitespace } from './whitespace.js';

export type PassId = 'whitespace' | 'markdown' | 'json' | 'tabular' | 'phrases' | 'dedupe' | 'scaffolding' | 'chat' | 'examples' | 'stopwords';

export interface PassContext {
  masked: Pick<Masked, 'spans'>;
  keepExamples: number;
  /** What the text is: prose, or a JSON or YAML document (where indentation is structure). */
  document: 'text' | 'json' | 'yaml';
}

export interface Pass {
  id: PassId;
  label: string;
  /** On unless turned off; opt-in passes are off unless turned on. */
  defaultOn: boolean;
  /** Runs on JSON and YAML documents too (the others only touch prose). */
  structured: boolean;
  /**
   * How likely the pass is to change what the prompt asks (1: layout only … 5: may drop instructions): with
   * --target-tokens or --rate, passes are chosen by tokens saved per unit of risk.
   */
  risk: number;
  /** May remove protected spans that occur again elsewhere (dedupe), or outright (opt-in pruning). */
  removes: 'none' | 'repeats' | 'any';
  /** Works on the messages of a chat-message file, not on text (the text pipeline skips it). */
  chatOnly?: boolean;
  /** Printed whenever the pass runs. */
  warning?: string;
  run(text: string, ctx: PassContext): string;
}

/** The passes, in the order they run without a target (with one, by tokens saved per unit of risk). */
export const PASSES: Pass[] = [
  {
    id: 'whitespace',
    label: 'whitespace, blank lines, prose indentation',
    risk: 1,
    defaultOn: true,
    structured: true,
    removes: 'none',
    run: (t, c) => {
      const tidy = normalizeWhitespace(t);
      if (c.document !== 'text') return tidy;
      // A line starting with a span that holds a line break (a fenced code block) keeps its indentation.
      const multiLine = (line: string) => {
        const first = /^[ \t]*([\uE000\uE002][\uE100-\uF0FF]+\uE001)/.exec(line);
        return first !== null && spanOf(first[1]!, c.masked).includes('\n');
      };
      return dedentProse(tidy, multiLine);
    },
  },
  { id: 'markdown', label: 'Markdown decoration', risk: 1, defaultOn: true, structured: false, removes: 'none', run: (t) => trimMarkdown(t) },
  {
    id: 'json',
    label: 'JSON/YAML minification',
    risk: 1,
    defaultOn: true,
    structured: true,
    removes: 'none',
    run: (t, c) => minifyYaml(minifyJson(t, c.masked, false), c.masked),
  },
  {
    id: 'tabular',
    label: 'JSON arrays of flat objects as tables',
    risk: 2,
    defaultOn: false,
    structured: true,
    removes: 'repeats',
    run: (t, c) => minifyJson(t, c.masked, true),
  },
  { id: 'phrases', label: 'filler and verbose phrases', risk: 2, defaultOn: true, structured: false, removes: 'none', run: (t) => rewritePhrases(t) },
  {
    id: 'dedupe',
    label: 'repeated and restated sentences',
    risk: 3,
    defaultOn: true,
    structured: false,
    removes: 'repeats',
    run: (t, c) => removeRepeatedSentences(t, c.masked),
  },
  {
    id: 'scaffolding',
    label: 'few-shot scaffolding',
    risk: 2,
    defaultOn: true,
    structured: false,
    removes: 'none',
    run: (t, c) => trimScaffolding(t, c.masked),
  },
  {
    id: 'chat',
    label: 'chat: repeated system prompts, empty turns',
    risk: 1,
    defaultOn: true,
    structured: true,
    removes: 'none',
    chatOnly: true,
    run: (t) => t,
  },
  {
    id: 'examples',
    label: 'few-shot examples past --keep-examples',
    risk: 4,
    defaultOn: false,
    structured: false,
    removes: 'any',
    run: (t, c) => pruneExamples(t, c.masked, c.keepExamples),
  },
  {
    id: 'stopwords',
    label: 'stop words',
    risk: 5,
    defaultOn: false,
    structured: false,
    removes: 'none',
    warning: 'stop-word removal can make instructions ambiguous and hurt answer quality: check the output.',
    run: (t) => removeStopWords(t),
  },
];
