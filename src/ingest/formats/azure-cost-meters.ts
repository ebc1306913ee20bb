/**
 * Azure OpenAI token meters, as Azure Cost Management names them. A meter name reads
 * "<model> [cached] <Inp|Outp> <deployment> [1M] Tokens", spelled in several dialects:
 *   "gpt 4o 0806 Inp glbl Tokens", "gpt 4o mini 0718 cached Inp glbl Tokens", "gpt-4o-mini-0718-Outp-glbl Tokens",
 *   "gpt 4o 1120 Batch Inp glbl Tokens", "gpt 4o 0513 Input global Tokens", "GPT 5 Mini cchd Inpt Glbl 1M Tokens",
 *   "gpt 4.1 Inp regnl Tokens", "5.5 ShortCo inp Gl 1M Tokens".
 * The words before the first word this module knows are the model part (the "stem"); every word after it
 * must be known, or the meter is left unclassified rather than guessed at.
 */

export type TokenKind = 'input' | 'cachedInput' | 'output';

export interface TokenMeter {
  /** The model part of the name in lower case, dashes read as spaces: "gpt 4o mini 0718". */
  stem: string;
  kind: TokenKind;
  batch: boolean;
  /** ShortCo / LongCo meters say which context tier they bill; null when the name does not say. */
  longContext: boolean | null;
}

type Word = 'input' | 'output' | 'cached' | 'batch' | 'shortContext' | 'longContext' | 'noise';

/** Every word a token meter may carry after its model part, and what it says. */
const WORDS: ReadonlyMap<string, Word> = new Map<string, Word>(
  Object.entries({
    inp: 'input',
    inpt: 'input',
    input: 'input',
    in: 'input',
    outp: 'output',
    outpt: 'output',
    opt: 'output',
    output: 'output',
    out: 'output',
    cached: 'cached',
    cchd: 'cached',
    ccchd: 'cached',
    cd: 'cached',
    batch: 'batch',
    shortco: 'shortContext',
    shco: 'shortContext',
    longco: 'longContext',
    // Deployment types (Global, Data Zone, Regional) and the unit: priced the same by the catalog, or not at all.
    glbl: 'noise',
    glb: 'noise',
    gl: 'noise',
    global: 'noise',
    dz: 'noise',
    dzone: 'noise',
    datazone: 'noise',
    data: 'noise',
    zone: 'noise',
    regnl: 'noise',
    regional: 'noise',
    std: 'noise',
    '1k': 'noise',
    '1m': 'noise',
    tokens: 'noise',
  } satisfies Record<string, Word>),
);

/**
 * Model stems → catalog ids. Explicit on purpose: a stem that is not here keeps its meter name as the model
 * and shows as unpriced. Every id resolves with `llmcost catalog show ID --provider azure`.
 */
export const AZURE_METER_MODELS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    'gpt 4o 0513': 'azure/gpt-4o-2024-05-13',
    'gpt 4o 0806': 'azure/gpt-4o-2024-08-06',
    'gpt 4o 1120': 'azure/gpt-4o-2024-11-20',
    'gpt 4o mini 0718': 'azure/gpt-4o-mini-2024-07-18',
    'gpt 4.1': 'azure/gpt-4.1',
    'gpt 4.1 mini': 'azure/gpt-4.1-mini',
    'gpt 4.1 nano': 'azure/gpt-4.1-nano',
    o3: 'azure/o3',
    'o3 0416': 'azure/o3-2025-04-16',
    'o3 pro': 'azure/o3-pro',
    'o4 mini': 'azure/o4-mini',
    'o4 mini 0416': 'azure/o4-mini-2025-04-16',
    'gpt 5': 'azure/gpt-5',
    'gpt 5 mini': 'azure/gpt-5-mini',
    'gpt 5 nano': 'azure/gpt-5-nano',
    'gpt 5 chat': 'azure/gpt-5-chat',
    'gpt 5 pro': 'azure/gpt-5-pro',
    'gpt 5 codex': 'azure/gpt-5-codex',
    '5.4': 'azure/gpt-5.4',
    '5.5': 'azure/gpt-5.5',
  }),
);

/**
 * What a meter name says about the tokens it bills: undefined when it is not a token meter (its name does
 * not end in "Tokens"), 'unclear' when it is one but a word is unknown or the kind (input, cached input,
 * output) cannot be told — a cache-write meter ("Cd Wr") must not pass for a cache read.
 */
export function readTokenMeter(meterName: string): TokenMeter | 'unclear' | undefined {
  const words = meterName.toLowerCase().replace(/[-_]+/g, ' ').trim().split(/\s+/);
  if (words[words.length - 1] !== 'tokens') return undefined;
  const first = words.findIndex((w) => WORDS.has(w));
  if (first <= 0) return 'unclear';
  let direction: 'input' | 'output' | undefined;
  let cached = false;
  let batch = false;
  let longContext: boolean | null = null;
  for (const w of words.slice(first)) {
    const word = WORDS.get(w);
    if (word === undefined) return 'unclear';
    if (word === 'input' || word === 'output') {
      if (direction !== undefined && direction !== word) return 'unclear';
      direction = word;
    } else if (word === 'cached') cached = true;
    else if (word === 'batch') batch = true;
    else if (word === 'shortContext') longContext = false;
    else if (word === 'longContext') longContext = true;
  }
  if (direction === undefined || (cached && direction === 'output')) return 'unclear';
  const kind: TokenKind = direction === 'output' ? 'output' : cached ? 'cachedInput' : 'input';
  return { stem: words.slice(0, first).join(' '), kind, batch, longContext };
}

/** Tokens per unit of a UnitOfMeasure such as "1K", "1M", "1000" or "1K Tokens"; undefined for other units. */
export function tokensPerUnit(unit: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([km])?(?:\s*tokens?)?$/i.exec(unit.trim());
  if (!m) return undefined;
  const scale = m[2] === undefined ? 1 : m[2].toLowerCase() === 'k' ? 1_000 : 1_000_000;
  const n = Number(m[1]) * scale;
  return n > 0 ? n : undefined;
}
