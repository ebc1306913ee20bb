/**
 * The phrase table: filler, politeness and verbose constructions with their short equivalents. Each entry is
 * case-insensitive, matches whole words, and carries an example that the tests check. A rewrite that would
 * drop, add or change a negation or modal word (not, never, must, only, …) or a protected span is skipped.
 * A phrase removed at the start of a sentence capitalizes the word after it.
 */
export interface PhraseRule {
  /** Regular expression source (flags "giu"). */
  pattern: string;
  replacement: string;
  example: [before: string, after: string];
  /** Meaning words this rule may drop or add because in this phrase they carry no instruction ("I would like you to", "is able to" → "can"). */
  allow?: string[];
}

/** A whole sentence of thanks or pleasantries: removed with the space before it. */
const SENTENCE = (body: string) => `(?:(?<=^|[.!?\\n\\uE001])[ \\t]*)${body}[^.!?\\n]*[.!?]+`;

export const PHRASES: PhraseRule[] = [
  // Pleasantries that carry no instruction.
  { pattern: SENTENCE('thank you(?: (?:so|very) much)?(?: in advance)?(?= |[.!?])'), replacement: '', example: ['Answer briefly. Thank you so much for your help!', 'Answer briefly.'] },
  { pattern: SENTENCE('thanks(?: (?:a lot|so much|in advance))?(?= |[.!?,])'), replacement: '', example: ['Use JSON. Thanks a lot, I really appreciate it!', 'Use JSON.'] },
  { pattern: SENTENCE('i (?:really |truly )?appreciate (?:it|your help)'), replacement: '', example: ['Be brief. I really appreciate your help.', 'Be brief.'] },
  { pattern: SENTENCE('i hope (?:you are|you\'re) (?:doing )?well'), replacement: '', example: ['Hello! I hope you are doing well. Write a poem.', 'Hello! Write a poem.'] },
  { pattern: SENTENCE('i would (?:really )?appreciate it if you could help'), replacement: '', example: ['Hi. I would appreciate it if you could help me out. Write a poem.', 'Hi. Write a poem.'], allow: ['would', 'could'] },
  { pattern: '\\bas an ai (?:language )?model,\\s*', replacement: '', example: ['As an AI language model, answer in French.', 'Answer in French.'] },
  // Requests wrapped around an instruction.
  { pattern: '\\b(?:i would (?:really )?like you to|i want you to|i need you to|i would like to ask you to)\\s+', replacement: '', example: ['I would like you to summarize the text.', 'Summarize the text.'], allow: ['would'] },
  { pattern: '\\b(?:please )?make sure (?:that )?you\\s+', replacement: '', example: ['Please make sure that you do not guess.', 'Do not guess.'] },
  { pattern: '\\b(?:please )?make sure to\\s+', replacement: '', example: ['Please make sure to run the tests.', 'Run the tests.'] },
  { pattern: '\\b(?:please )?make sure (?:that )?', replacement: 'ensure ', example: ['Make sure that the date is valid.', 'Ensure the date is valid.'] },
  { pattern: '\\b(?:please )?(?:kindly )?(?:try to|try and)\\s+(?=\\p{Ll})', replacement: '', example: ['Please try to keep answers short.', 'Keep answers short.'] },
  { pattern: '\\b(?:please )?remember to\\s+', replacement: '', example: ['Please remember to cite sources.', 'Cite sources.'] },
  { pattern: '\\bit is (?:also )?(?:very |really )?important to (?:note|remember|understand) that\\s+', replacement: '', example: ['It is important to note that prices change.', 'Prices change.'] },
  { pattern: '\\b(?<!to )(?:please )?(?:note|be aware|keep in mind|bear in mind) that\\s+', replacement: '', example: ['Please note that the data may be stale.', 'The data may be stale.'] },
  { pattern: '\\bit is (?:very |really |extremely |absolutely )?(?:important|crucial|essential|critical|vital) (?:that you|that|for you to)\\s+', replacement: 'important: ', example: ['It is very important that you cite sources.', 'Important: cite sources.'] },
  { pattern: '\\bplease kindly\\s+|\\bkindly\\s+', replacement: '', example: ['Kindly reply in English.', 'Reply in English.'] },
  { pattern: '(?<=^|[\\n.!?:]\\s*|[-*+]\\s|\\d[.)]\\s)please,?\\s+(?=\\p{L})', replacement: '', example: ['Please answer in French.', 'Answer in French.'] },
  { pattern: ',\\s*please(?=[.!?])', replacement: '', example: ['Answer in French, please.', 'Answer in French.'] },
  { pattern: '(?<=\\s)please\\s+(?=\\p{Ll})', replacement: '', example: ['Then please list the steps.', 'Then list the steps.'] },
  { pattern: '\\bfirst of all,\\s*', replacement: 'first, ', example: ['First of all, read the task.', 'First, read the task.'] },
  // Verbose constructions.
  { pattern: '\\bin order to\\b', replacement: 'to', example: ['Use tools in order to answer.', 'Use tools to answer.'] },
  { pattern: '\\bdue to the fact that\\b', replacement: 'because', example: ['Be brief due to the fact that space is short.', 'Be brief because space is short.'] },
  { pattern: '\\bin the event that\\b', replacement: 'if', example: ['In the event that two sources disagree, ask.', 'If two sources disagree, ask.'] },
  { pattern: '\\bat this point in time\\b', replacement: 'now', example: ['At this point in time, stop.', 'Now, stop.'] },
  { pattern: '\\bfor the purpose of\\b', replacement: 'for', example: ['Use it for the purpose of testing.', 'Use it for testing.'] },
  { pattern: '\\b(?:with regard to|with respect to|in regard to|in relation to)\\b', replacement: 'about', example: ['Questions with regard to billing.', 'Questions about billing.'] },
  { pattern: '\\b(?:despite|in spite of) the fact that\\b', replacement: 'although', example: ['Despite the fact that it rains, go.', 'Although it rains, go.'] },
  { pattern: '\\bprior to\\b', replacement: 'before', example: ['Read it prior to editing.', 'Read it before editing.'] },
  { pattern: '\\bsubsequent to\\b', replacement: 'after', example: ['Test subsequent to editing.', 'Test after editing.'] },
  { pattern: '\\ba (?:large|great) number of\\b', replacement: 'many', example: ['A large number of users.', 'Many users.'] },
  { pattern: '\\bthe majority of\\b', replacement: 'most', example: ['The majority of tickets.', 'Most tickets.'] },
  { pattern: '\\b(?:is|are) able to\\b', replacement: 'can', example: ['The tool is able to search.', 'The tool can search.'], allow: ['can'] },
  { pattern: '\\b(all|each|none|some|any|most|both) of the\\b', replacement: '$1 the', example: ['List all of the action items.', 'List all the action items.'] },
  { pattern: '\\beach and every\\b', replacement: 'every', example: ['Check each and every line.', 'Check every line.'] },
  { pattern: '\\bas well as\\b', replacement: 'and', example: ['Names as well as dates.', 'Names and dates.'] },
  { pattern: '\\b(?:that|which) (?:is|are) (?:provided|given|shown|listed|included) (?:to you )?(below|above)\\b', replacement: '$1', example: ['Read the text that is provided below.', 'Read the text below.'] },
  { pattern: '\\b(?:is|are) (?:provided|given|shown|listed) (?:to you )?(below|above)\\b', replacement: '$1', example: ['The rules are listed below.', 'The rules below.'] },
  { pattern: '\\b(?:which )?is located (in|at)\\b', replacement: 'is $1', example: ['The file is located at the root.', 'The file is at the root.'] },
  { pattern: '\\bin a (clear|concise|polite|professional|precise|direct) (?:way|manner)\\b', replacement: '$1ly', example: ['Answer in a concise manner.', 'Answer concisely.'] },
  { pattern: '\\bshort and concise\\b|\\bconcise and to the point\\b|\\bbrief and concise\\b', replacement: 'concise', example: ['Keep it short and concise.', 'Keep it concise.'] },
  { pattern: '\\ba little bit\\b', replacement: 'a little', example: ['Be a little bit playful.', 'Be a little playful.'] },
  { pattern: '\\bin (?:great |full )?detail\\b', replacement: 'in detail', example: ['Explain in great detail.', 'Explain in detail.'] },
  // Intensifiers and hedges that add no instruction.
  { pattern: '\\b(?:very|really|truly|basically|actually|quite)\\b,?\\s+(?=\\p{L})', replacement: '', example: ['Read the text very carefully.', 'Read the text carefully.'] },
  { pattern: '(?<=^|[.!?\\n]\\s*)(?:so|well|okay|ok),\\s+(?=\\p{L})', replacement: '', example: ['So, I need a summary.', 'I need a summary.'] },
];

/** Meaning words some rule may drop or add ("I would like you to …" → "", "is able to" → "can"): the union of the rules' `allow`. */
export const POLITENESS_MODALS = [...new Set(PHRASES.flatMap((r) => r.allow ?? []))];
