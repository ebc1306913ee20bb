/**
 * The phrase table: pleasantries, wrapped requests, role preambles, verbose constructions and hedges, with
 * their short equivalents. Each entry is case-insensitive, matches whole words, and carries an example that
 * the tests check through the whole table. The rules run in table order over the masked text, where every
 * protected span is a sentinel: a rule cannot see inside a span, and a rewrite that would drop, add or change
 * a negation or modal word (not, never, must, only, …) or a protected span is skipped. A phrase removed at the
 * start of a sentence capitalizes what follows (a meaning span included: "It is important that you never
 * guess" → "Never guess").
 */
export interface PhraseRule {
  /** What kind of wording the rule removes (README "Phrase table"). */
  group: 'pleasantry' | 'request' | 'preamble' | 'verbose' | 'hedge';
  /** Regular expression source (flags "giu"). */
  pattern: string;
  replacement: string;
  example: [before: string, after: string];
  /** Meaning words this rule may drop or add because in this phrase they carry no instruction ("I would like you to", "is able to" → "can"). */
  allow?: string[];
}

/**
 * A whole sentence of thanks or pleasantries: removed with the space before it, or, where it opens the text or
 * a line, with the space after it.
 */
const SENTENCE = (body: string) => `(?:(?<=^|\\n)[ \\t]*${body}[ \\t]*|(?<=[.!?\\uE001])[ \\t]*${body})`;
/** The start of a sentence, a line or a list item (lookbehind). */
const START = '(?<=^|[.!?:][ \\t]+|\\n[ \\t]*(?:[-*+][ \\t]+|\\d+[.)][ \\t]+|#+[ \\t]+|>[ \\t]*)?)';
/** A word, a sentinel or emphasis comes next (lookahead). */
const WORD_NEXT = '(?=[\\p{L}\\uE000\\uE002*_])';
/**
 * After a noun-like word (lookbehind): not after verbs and conjunctions that take a "that" clause ("ensure that
 * is done", "so that is clear"), where dropping "that is" would break the sentence.
 */
const AFTER_NOUN =
  '(?<=\\b(?!(?:sure|ensure|check|verify|confirm|say|says|said|know|knows|note|means|mean|so|and|but|or|than|now|think|believe|given|assume|such|that|this|is|are|was|were|be|all|what|how|why|where|when|if|me|you|him|her|us|them|it)\\b)\\p{L}{2,}[ \\t])';
/** What may follow thanks in a pleasantry, and nothing else. */
const THANKS_TAIL =
  '(?: (?:so|very) much| a lot| a million)?(?: in advance)?(?: for (?:everything|(?:all )?(?:of )?your (?:help|time|assistance|support|patience)(?: with (?:this|that|it)(?: [\\p{L}-]+)?)?))?(?:,? (?:i|we) (?:really |truly )?appreciate (?:it|this|that|your help)(?: with (?:this|that))?)?[.!]+';

/** Words that end a noun phrase rather than modify its head. */
const NOT_A_MODIFIER = '(?:in|of|for|to|with|from|on|and|or|that|which|below|above|by|as|at|when|if)';
/**
 * "the following" + a noun phrase whose head (up to two words before it modify it) is `head`, then a colon, or a
 * preposition or "and" and a colon further on ("the following sections, in this order:"): the list comes next.
 */
const NOUN_PHRASE = (head: string) =>
  `(?:(?!${NOT_A_MODIFIER}\\b)[\\p{L}-]+[ \\t]+){0,2}${head}\\b[ \\t]*(?:,[ \\t]*)?(?::|${NOT_A_MODIFIER}\\b[^\\n.!?:]{0,40}:)`;

/** Words of amount and time, for which "as … as possible" says how much ("as soon as possible"). */
const AMOUNT =
  '(?:much|many|few|little|often|soon|long|far|early|late|fast|quick|quickly|high|low|large|small|big|close|near|cheap|cheaply|frequently|complete|completely|detailed|full|fully)';

/** Verbs that make "the following" a subject ("the following is…"), not a determiner. */
const VERB = '(?:is|are|was|were|has|have|had|does|do|did|applies|apply|happens|holds|means|seems|looks)';

/** Nouns of time, after which "the following" means "the next" ("the following day"). */
const TIME = '(?:day|week|month|year|morning|afternoon|evening|night|weekend|quarter|season|time|monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?';

export const PHRASES: PhraseRule[] = [
  // Pleasantries that carry no instruction: whole sentences, only when nothing else is said in them.
  {
    group: 'pleasantry',
    pattern: SENTENCE(`thank you${THANKS_TAIL}`),
    replacement: '',
    example: ['Answer briefly. Thank you so much for your help!', 'Answer briefly.'],
  },
  {
    group: 'pleasantry',
    pattern: SENTENCE(`thanks${THANKS_TAIL}`),
    replacement: '',
    example: ['Use JSON. Thanks a lot, I really appreciate it!', 'Use JSON.'],
  },
  {
    group: 'pleasantry',
    pattern: SENTENCE(`(?:that sounds (?:great|good|perfect|delicious)|(?:great|perfect|awesome|wonderful)),? (?:thank you|thanks)${THANKS_TAIL}`),
    replacement: '',
    example: ['That sounds great, thank you so much! How long does it take?', 'How long does it take?'],
  },
  {
    group: 'pleasantry',
    pattern: SENTENCE(
      '(?:enjoy your (?:meal|day|trip|stay)|have a (?:great|nice|good|wonderful) (?:day|evening|weekend)|(?:i )?hope (?:this|that) helps)[.!]+',
    ),
    replacement: '',
    example: ['It takes 25 minutes. Enjoy your meal!', 'It takes 25 minutes.'],
  },
  {
    group: 'pleasantry',
    pattern: SENTENCE('i (?:really |truly )?appreciate (?:it|your help)(?: with (?:this|that))?[.!]+'),
    replacement: '',
    example: ['Be brief. I really appreciate your help.', 'Be brief.'],
  },
  {
    group: 'pleasantry',
    pattern: SENTENCE("i hope (?:you are|you're|you’re) (?:doing )?well[.!]+"),
    replacement: '',
    example: ['Hello! I hope you are doing well. Write a poem.', 'Write a poem.'],
  },
  {
    group: 'pleasantry',
    pattern: SENTENCE('(?:good|great|excellent) question[.!]+'),
    replacement: '',
    example: ['Good question! A banana works well.', 'A banana works well.'],
  },
  {
    group: 'pleasantry',
    pattern: SENTENCE("i(?: would|['’]d|['’]m| am) (?:be )?(?:really )?(?:happy|glad) to help(?: you)?(?: with (?:that|this))?[.!]+"),
    replacement: '',
    example: ['Of course! I would be happy to help you. Cook the rice first.', 'Of course! Cook the rice first.'],
    allow: ['would'],
  },
  {
    group: 'pleasantry',
    pattern: SENTENCE('i would (?:really )?appreciate it if you could help(?: me)?(?: out)?(?: with (?:something|this|a few things))?[.!]+'),
    replacement: '',
    example: ['Be brief. I would appreciate it if you could help me out.', 'Be brief.'],
    allow: ['would', 'could'],
  },
  {
    group: 'pleasantry',
    pattern: '^[ \\t]*(?:hi|hello|hey)(?:(?: there)?[!.,]| there)[ \\t]+(?=\\p{L})(?!and\\b)',
    replacement: '',
    example: ['Hello! Summarize the text.', 'Summarize the text.'],
  },
  {
    group: 'pleasantry',
    pattern: '^[ \\t]*(?:hi|hello|hey)(?: there)?[!.,]?[ \\t]*\\n+(?=[ \\t]*\\p{L})',
    replacement: '',
    example: ['Hello!\n\nSummarize the text.', 'Summarize the text.'],
  },
  {
    group: 'pleasantry',
    pattern: '\\bas an ai (?:language )?model,[ \\t]*',
    replacement: '',
    example: ['As an AI language model, answer in French.', 'Answer in French.'],
  },
  // Requests wrapped around an instruction.
  {
    group: 'request',
    pattern:
      "\\b(?:(?:i|we)(?: would|['’]d) (?:really )?like you to|(?:i|we)(?: would|['’]d) (?:really )?love (?:for )?you to|(?:i|we) (?:want|need) you to|i would like to ask you to)[ \\t]+",
    replacement: '',
    example: ['I would like you to summarize the text.', 'Summarize the text.'],
    allow: ['would'],
  },
  {
    group: 'request',
    pattern: "\\bwhat (?:i|we)(?: would|['’]d) (?:really )?(?:like|love) is for you to[ \\t]+",
    replacement: '',
    example: ["What I'd really love is for you to write a haiku.", 'Write a haiku.'],
    allow: ['would'],
  },
  {
    group: 'request',
    pattern: '\\bit would be (?:really |very )?(?:great|nice|helpful|ideal|awesome|good|amazing) if you could[ \\t]+',
    replacement: '',
    example: ['It would be really great if you could also add a title.', 'Also add a title.'],
    allow: ['would', 'could'],
  },
  {
    group: 'request',
    // "… is to extract the items and to match them": the second "to" goes with the first.
    pattern: `${START}your (?:main |primary )?(?:task|job|goal|role|mission) (?:here )?is to[ \\t]+((?:(?![.!?])[^])*?)[ \\t]+and to[ \\t]+`,
    replacement: '$1 and ',
    example: ['Your task is to extract the items and to match each one.', 'Extract the items and match each one.'],
  },
  {
    group: 'request',
    pattern: `${START}your (?:main |primary )?(?:task|job|goal|role|mission) (?:here )?is to[ \\t]+`,
    replacement: '',
    example: ['Your task is to extract the dates.', 'Extract the dates.'],
  },
  {
    group: 'request',
    pattern: '\\byou are going to (?=act as|play the role of)',
    replacement: '',
    example: ['You are going to act as a Linux terminal.', 'Act as a Linux terminal.'],
  },
  {
    group: 'request',
    pattern: '\\b(?:please )?make sure (?:that )?you[ \\t]+',
    replacement: '',
    example: ['Please make sure that you do not guess.', 'Do not guess.'],
  },
  {
    group: 'request',
    pattern: '\\b(?:please )?(?:make sure|be sure) to[ \\t]+',
    replacement: '',
    example: ['Please make sure to run the tests.', 'Run the tests.'],
  },
  {
    group: 'request',
    pattern: '\\b(?:please )?make sure (?:that )?',
    replacement: 'ensure ',
    example: ['Make sure that the date is valid.', 'Ensure the date is valid.'],
  },
  {
    group: 'request',
    pattern: `\\b(?:please )?(?:kindly )?(?:try to|try and)[ \\t]+(?=[\\p{L}\\uE000\\uE002])`,
    replacement: '',
    example: ['Please try to keep answers short.', 'Keep answers short.'],
  },
  { group: 'request', pattern: '\\b(?:please )?remember to[ \\t]+', replacement: '', example: ['Please remember to cite sources.', 'Cite sources.'] },
  {
    group: 'request',
    pattern: '\\bit is (?:also )?(?:very |really )?important to (?:note|remember|understand|know) that[ \\t]+',
    replacement: '',
    example: ['It is important to note that prices change.', 'Prices change.'],
  },
  {
    group: 'request',
    pattern: '\\bit is (?:also )?worth (?:noting|mentioning) that[ \\t]+',
    replacement: '',
    example: ['It is worth noting that prices change.', 'Prices change.'],
  },
  {
    group: 'request',
    pattern: '\\b(?<!to )(?:please )?(?:note|be aware|keep in mind|bear in mind)(?: again)? that[ \\t]+',
    replacement: '',
    example: ['Please note that the data is stale.', 'The data is stale.'],
  },
  {
    group: 'request',
    pattern:
      '\\bit is (?:very |really |extremely |absolutely )?(?:important|crucial|essential|critical|vital) (?:that you|for you to) (?:understand|know|remember|realize) that[ \\t]+',
    replacement: '',
    example: ['It is very important that you understand that prices change.', 'Prices change.'],
  },
  {
    group: 'request',
    pattern:
      '\\bit is (?:also )?(?:very |really |extremely |absolutely )?(?:important|crucial|essential|critical|vital) (?:that you|that|for you to)[ \\t]+(?=\\uE002|do \\uE002)',
    replacement: '',
    example: ['It is very important that you always cite sources.', 'Always cite sources.'],
  },
  {
    group: 'request',
    pattern: '\\bit is (?:also )?(?:very |really |extremely |absolutely )?(?:important|crucial|essential|critical|vital) (?:that you|that|for you to)[ \\t]+',
    replacement: 'important: ',
    example: ['It is very important that you cite sources.', 'Important: cite sources.'],
  },
  {
    group: 'request',
    pattern:
      '\\bit is (?:also )?(?:very |really |extremely |absolutely )?(?:important|crucial|essential|critical|vital) to[ \\t]+(?!(?:me|us|you|him|her|them|everyone|all|the|a|an|this|that|these|those|my|our|your|his|their|its)\\b)(?=\\p{Ll})',
    replacement: 'important: ',
    example: ['It is very important to check the date.', 'Important: check the date.'],
  },
  { group: 'request', pattern: '\\bplease kindly[ \\t]+|\\bkindly[ \\t]+', replacement: '', example: ['Kindly reply in English.', 'Reply in English.'] },
  {
    group: 'request',
    pattern: `${START}now,?[ \\t]+(?=please\\b|[\\p{L}\\uE002])`,
    replacement: '',
    example: ['Read the text. Now classify it.', 'Read the text. Classify it.'],
  },
  { group: 'request', pattern: `${START}please,?[ \\t]+${WORD_NEXT}`, replacement: '', example: ['Please answer in French.', 'Answer in French.'] },
  { group: 'request', pattern: ',[ \\t]*please(?=[.!?])', replacement: '', example: ['Answer in French, please.', 'Answer in French.'] },
  {
    group: 'request',
    pattern: `(?<=\\s)please[ \\t]+(?=[\\p{L}\\uE000\\uE002])`,
    replacement: '',
    example: ['Then please list the steps.', 'Then list the steps.'],
  },
  { group: 'request', pattern: '\\bfirst of all,[ \\t]*', replacement: 'first, ', example: ['First of all, read the task.', 'First, read the task.'] },
  {
    group: 'request',
    pattern: `${START}(?:here|below) (?:are|is) (?:some|a few|several) (examples?|samples?)\\b`,
    replacement: '$1',
    example: ['Here are some examples of reviews and their labels:', 'Examples of reviews and their labels:'],
  },
  {
    group: 'request',
    pattern: `${START}here (?:is|are) (?:the|some|a|an|your) (?=[^\\n:.!?]{1,40}:)`,
    replacement: '',
    example: ['Here is the product: a blue mug.', 'Product: a blue mug.'],
  },
  // Role preambles that say in many words what one says in a few.
  {
    group: 'preamble',
    pattern:
      '\\byou are an? (?:helpful |friendly )?(?:ai |virtual )?assistant (?:that|who) (help|assist|review|write|answer|support|summarize|translate|extract)s\\b',
    replacement: 'you $1',
    example: ['You are an AI assistant that helps a legal team review contracts.', 'You help a legal team review contracts.'],
  },
  {
    group: 'preamble',
    pattern: '\\ba helpful,?[ \\t]+(?:and[ \\t]+)?(?=[aeiou])',
    replacement: 'an ',
    example: ['You are a helpful AI assistant.', 'You are an AI assistant.'],
  },
  {
    group: 'preamble',
    pattern: '\\ba helpful,?[ \\t]+(?:and[ \\t]+)?(?=\\p{L})',
    replacement: 'a ',
    example: ['You are a helpful, friendly support agent.', 'You are a friendly support agent.'],
  },
  // Verbose constructions.
  {
    group: 'verbose',
    pattern: `\\bthe following (?=${NOUN_PHRASE('[\\p{L}-]*[^\\Wsiu]s')})`,
    replacement: 'these ',
    example: ['Follow the following rules:', 'Follow these rules:'],
  },
  {
    group: 'verbose',
    // At the end of a line what it names comes next; not for a time ("the following day.").
    pattern: `\\bthe following (?!(?:[\\p{L}-]+[ \\t]+){0,2}${TIME}\\b)(?=(?:(?!${NOT_A_MODIFIER}\\b)[\\p{L}-]+[ \\t]+){0,2}[\\p{L}-]*[^\\Ws]\\b[.:]?[ \\t]*(?:\\n|$))`,
    replacement: 'this ',
    example: ['Document the following REST endpoint.\nPOST /v2/deploy', 'Document this REST endpoint.\nPOST /v2/deploy'],
  },
  {
    group: 'verbose',
    // At the end of a sentence the rest of the line adds to the instruction and what it names comes after it;
    // not where "the following" is the subject ("the following is important."): "this" would point back.
    pattern: `\\bthe following (?!(?:[\\p{L}-]+[ \\t]+){0,2}${TIME}\\b)(?=(?:(?!(?:${NOT_A_MODIFIER}|${VERB})\\b)[\\p{L}-]+[ \\t]+){0,2}(?!${VERB}\\b)[\\p{L}-]*[^\\Ws]\\b\\.[ \\t]+(?=\\p{Lu}|[\\uE000\\uE002]))`,
    replacement: 'this ',
    example: ['Classify the following customer message. Use JSON.', 'Classify this customer message. Use JSON.'],
  },
  {
    group: 'verbose',
    pattern: `\\bthe following (?=${NOUN_PHRASE('[\\p{L}-]*[^\\Ws]')})`,
    replacement: 'this ',
    example: ['Answer in the following format:', 'Answer in this format:'],
  },
  { group: 'verbose', pattern: '\\bin order to\\b', replacement: 'to', example: ['Use tools in order to answer.', 'Use tools to answer.'] },
  {
    group: 'verbose',
    pattern: '\\bdue to the fact that\\b',
    replacement: 'because',
    example: ['Be brief due to the fact that space is short.', 'Be brief because space is short.'],
  },
  {
    group: 'verbose',
    pattern: '\\bin the event that\\b',
    replacement: 'if',
    example: ['In the event that two sources disagree, ask.', 'If two sources disagree, ask.'],
  },
  { group: 'verbose', pattern: '\\bat this point in time\\b', replacement: 'now', example: ['At this point in time, stop.', 'Now, stop.'] },
  {
    group: 'verbose',
    // Not where a negation or modal span comes earlier in the sentence ("must always be polite at all times"):
    // the rule cannot see inside it, and "always" could be said twice or next to "never".
    pattern: '(?<![\\uE002][^.!?\\n]*)\\bat all times\\b',
    replacement: 'always',
    example: ['Follow these rules at all times:', 'Follow these rules always:'],
    allow: ['always'],
  },
  { group: 'verbose', pattern: '\\bso as to\\b', replacement: 'to', example: ['Sort the rows so as to group them.', 'Sort the rows to group them.'] },
  {
    group: 'verbose',
    pattern: '\\bin an effort to\\b',
    replacement: 'to',
    example: ['Cache results in an effort to save time.', 'Cache results to save time.'],
  },
  {
    group: 'verbose',
    pattern: '\\buntil such time as\\b',
    replacement: 'until',
    example: ['Wait until such time as the user replies.', 'Wait until the user replies.'],
  },
  {
    group: 'verbose',
    pattern: '\\b(?:for the reason that|owing to the fact that|in light of the fact that)\\b',
    replacement: 'because',
    example: ['Skip it for the reason that it is stale.', 'Skip it because it is stale.'],
  },
  {
    group: 'verbose',
    pattern: '\\bwith the exception of\\b',
    replacement: 'except',
    example: ['Translate everything with the exception of names.', 'Translate everything except names.'],
    allow: ['except'],
  },
  {
    group: 'verbose',
    // Only before a verb in -ing ("is in the process of migrating"): "the process of approval" names a process.
    pattern: '\\bin the process of[ \\t]+(?=\\p{L}+ing\\b)',
    replacement: '',
    example: ['The team is in the process of migrating.', 'The team is migrating.'],
  },
  { group: 'verbose', pattern: '\\bthe way in which\\b', replacement: 'how', example: ['Explain the way in which it works.', 'Explain how it works.'] },
  {
    group: 'verbose',
    pattern: '\\bin close proximity to\\b',
    replacement: 'near',
    example: ['Stores in close proximity to the user.', 'Stores near the user.'],
  },
  {
    group: 'verbose',
    pattern: '\\ba (?:wide |broad )?variety of\\b',
    replacement: 'various',
    example: ['Answer a wide variety of questions.', 'Answer various questions.'],
  },
  {
    group: 'verbose',
    pattern: '\\ba sufficient (?:amount|number) of\\b',
    replacement: 'enough',
    example: ['Give a sufficient amount of context.', 'Give enough context.'],
  },
  { group: 'verbose', pattern: '\\bfor the purpose of\\b', replacement: 'for', example: ['Use it for the purpose of testing.', 'Use it for testing.'] },
  {
    group: 'verbose',
    pattern: '\\b(?:with regard to|with respect to|in regard to|in relation to)\\b',
    replacement: 'about',
    example: ['Questions with regard to billing.', 'Questions about billing.'],
  },
  {
    group: 'verbose',
    pattern: '\\b(?:despite|in spite of) the fact that\\b',
    replacement: 'although',
    example: ['Despite the fact that it rains, go.', 'Although it rains, go.'],
  },
  { group: 'verbose', pattern: '\\bin spite of\\b', replacement: 'despite', example: ['Go in spite of the rain.', 'Go despite the rain.'] },
  { group: 'verbose', pattern: '\\bprior to\\b', replacement: 'before', example: ['Read it prior to editing.', 'Read it before editing.'] },
  { group: 'verbose', pattern: '\\bsubsequent to\\b', replacement: 'after', example: ['Test subsequent to editing.', 'Test after editing.'] },
  { group: 'verbose', pattern: '\\ba (?:large|great) number of\\b', replacement: 'many', example: ['A large number of users.', 'Many users.'] },
  { group: 'verbose', pattern: '\\bthe majority of\\b', replacement: 'most', example: ['The majority of tickets.', 'Most tickets.'] },
  {
    group: 'verbose',
    pattern: '\\b(?:is|are) able to\\b',
    replacement: 'can',
    example: ['The tool is able to search.', 'The tool can search.'],
    allow: ['can'],
  },
  {
    group: 'verbose',
    pattern: '\\b(?:has|have) the ability to\\b',
    replacement: 'can',
    example: ['The agent has the ability to search.', 'The agent can search.'],
    allow: ['can'],
  },
  // Only "all" and "both" may lose their "of" ("any of the" → "any the" is not English).
  { group: 'verbose', pattern: '\\b(all|both) of the\\b', replacement: '$1 the', example: ['List all of the action items.', 'List all the action items.'] },
  {
    group: 'verbose',
    pattern: '\\b(all|both) of (your|our|their|my|its|these|those)\\b',
    replacement: '$1 $2',
    example: ['Show all of your work.', 'Show all your work.'],
  },
  { group: 'verbose', pattern: '\\beach and every\\b', replacement: 'every', example: ['Check each and every line.', 'Check every line.'] },
  { group: 'verbose', pattern: '\\bany and all\\b', replacement: 'all', example: ['Remove any and all names.', 'Remove all names.'] },
  { group: 'verbose', pattern: '\\bfirst and foremost\\b', replacement: 'first', example: ['First and foremost, be safe.', 'First, be safe.'] },
  { group: 'verbose', pattern: '\\bas well as\\b', replacement: 'and', example: ['Names as well as dates.', 'Names and dates.'] },
  {
    group: 'verbose',
    pattern: '\\b(?:that|which) (?:is|are) (?:provided|given|shown|listed|included) (?:to you )?(below|above)\\b',
    replacement: '$1',
    example: ['Read the text that is provided below.', 'Read the text below.'],
  },
  {
    group: 'verbose',
    pattern: '\\b(?:is|are) (?:provided|given|shown|listed) (?:to you )?(below|above)\\b',
    replacement: '$1',
    example: ['The rules are listed below.', 'The rules below.'],
  },
  {
    group: 'verbose',
    pattern: '\\b(?:that|which) (?:is|are) (?:contained|included|found|mentioned|described|stated) in\\b',
    replacement: 'in',
    example: ['Use the facts that are contained in the file.', 'Use the facts in the file.'],
  },
  {
    group: 'verbose',
    pattern: `${AFTER_NOUN}(?:that|which|who) (?:is|are|was|were) (?:currently )?(?=(?:\\p{Ll}+(?:ed|en|wn|ing)|made|done|sent|paid|held|found|kept|set|put|read|said|sold|told|built|bought|left|lost|met|responsible|available)\\b|\\uE002)`,
    replacement: '',
    example: ['List the decisions that were made in the meeting.', 'List the decisions made in the meeting.'],
  },
  { group: 'verbose', pattern: '\\b(inside|outside) of\\b', replacement: '$1', example: ['Keep text inside of braces.', 'Keep text inside braces.'] },
  {
    group: 'verbose',
    pattern: `${START}(?:please )?(?:keep in mind|bear in mind|note|consider) (?:the following|these) (guidelines|rules|instructions|points|requirements|constraints):`,
    replacement: '$1:',
    example: ['Please keep in mind the following guidelines:', 'Guidelines:'],
  },
  {
    group: 'verbose',
    pattern: '\\b(?:which )?is located (in|at)\\b',
    replacement: 'is $1',
    example: ['The file is located at the root.', 'The file is at the root.'],
  },
  {
    group: 'verbose',
    pattern:
      '\\bin a (clear|concise|polite|professional|precise|direct|positive|respectful|formal|informal|casual|consistent|constructive|natural|neutral|objective|honest|careful|helpful) (?:way|manner)\\b',
    replacement: '$1ly',
    example: ['Answer in a concise manner.', 'Answer concisely.'],
  },
  { group: 'verbose', pattern: '\\bin a timely (?:manner|fashion)\\b', replacement: 'promptly', example: ['Reply in a timely manner.', 'Reply promptly.'] },
  {
    group: 'verbose',
    pattern:
      '\\bas (clear|concise|brief|precise|specific|short|accurate|simple|polite|objective|neutral|accurately|clearly|concisely|briefly|precisely|quickly|simply|politely|thoroughly|carefully) as possible\\b',
    replacement: '$1',
    example: ['Keep the answer as concise as possible.', 'Keep the answer concise.'],
  },
  {
    group: 'verbose',
    pattern: '\\bshort and concise\\b|\\bconcise and to the point\\b|\\bbrief and concise\\b',
    replacement: 'concise',
    example: ['Keep it short and concise.', 'Keep it concise.'],
  },
  { group: 'verbose', pattern: '\\ba little bit\\b', replacement: 'a little', example: ['Be a little bit playful.', 'Be a little playful.'] },
  {
    group: 'verbose',
    // Not for amounts and times ("as much and as soon as possible"), where "as possible" says how much.
    pattern: `\\bas (?!${AMOUNT}\\b)(\\p{L}+) and as (?!${AMOUNT}\\b)(\\p{L}+) as possible\\b`,
    replacement: '$1 and $2',
    example: ['Be as empathetic and as supportive as possible.', 'Be empathetic and supportive.'],
  },
  {
    group: 'verbose',
    pattern: '\\bso that[ \\t]+(?=[\\p{L}\\uE000\\uE002])',
    replacement: 'so ',
    example: ['Give a reason, so that an agent can take over.', 'Give a reason, so an agent can take over.'],
  },
  { group: 'verbose', pattern: '\\beach (?:one )?of them\\b', replacement: 'each', example: ['Label each of them.', 'Label each.'] },
  {
    group: 'verbose',
    pattern:
      '\\bhelp (them|him|her|us|you|users?|customers?|people|students?|the user|the customer|the student) to[ \\t]+(?!(?:the|a|an|this|that|these|those|their|your|our|his|her|its|my)\\b)(?=\\p{Ll})',
    replacement: 'help $1 ',
    example: ['Ask questions that help them to think.', 'Ask questions that help them think.'],
  },
  { group: 'verbose', pattern: '\\bin the meantime\\b', replacement: 'meanwhile', example: ['In the meantime, rest.', 'Meanwhile, rest.'] },
  { group: 'verbose', pattern: '\\bin (?:great |full )?detail\\b', replacement: 'in detail', example: ['Explain in great detail.', 'Explain in detail.'] },
  {
    group: 'verbose',
    pattern: '\\b(?:provide|give|write) (?:me )?(?:with )?a summary of\\b',
    replacement: 'summarize',
    example: ['Give me a summary of the call.', 'Summarize the call.'],
  },
  {
    group: 'verbose',
    pattern: '\\b(?:provide|give) (?:me )?(?:with )?an explanation (?:of|for)\\b',
    replacement: 'explain',
    example: ['Provide an explanation of the error.', 'Explain the error.'],
  },
  { group: 'verbose', pattern: '\\bmake a decision\\b', replacement: 'decide', example: ['Make a decision quickly.', 'Decide quickly.'] },
  {
    group: 'verbose',
    pattern: '\\btake into (?:account|consideration)\\b',
    replacement: 'consider',
    example: ['Take into account the date.', 'Consider the date.'],
  },
  { group: 'verbose', pattern: '\\bmake use of\\b', replacement: 'use', example: ['Make use of the search tool.', 'Use the search tool.'] },
  { group: 'verbose', pattern: '\\butili[sz](e|es|ed|ing)\\b', replacement: 'us$1', example: ['Utilize the cache.', 'Use the cache.'] },
  { group: 'verbose', pattern: '\\bin the near future\\b', replacement: 'soon', example: ['It ships in the near future.', 'It ships soon.'] },
  { group: 'verbose', pattern: '\\bon a (daily|weekly|monthly|yearly) basis\\b', replacement: '$1', example: ['Back up on a daily basis.', 'Back up daily.'] },
  {
    group: 'verbose',
    pattern: '\\bon a regular basis\\b',
    replacement: 'regularly',
    example: ['Check the logs on a regular basis.', 'Check the logs regularly.'],
  },
  {
    group: 'verbose',
    pattern: '\\bwhether or not\\b',
    replacement: 'whether',
    example: ['Say whether or not it fits.', 'Say whether it fits.'],
    allow: ['not'],
  },
  { group: 'verbose', pattern: '\\ba total of[ \\t]+(?=\\uE000)', replacement: '', example: ['Ship a total of 3 boxes.', 'Ship 3 boxes.'] },
  {
    group: 'verbose',
    pattern: `${AFTER_NOUN}(?<!\\b(?:now|given|such|except|in|save|of|on|to|for|with|at|by|event|case|fact)[ \\t])that (?=(?:you|we|they|i|the user|the customer) )`,
    replacement: '',
    example: ['List the changes that you made.', 'List the changes you made.'],
  },
  {
    group: 'verbose',
    pattern: `${START}(?:additionally|in addition|furthermore|moreover),[ \\t]*`,
    replacement: 'also, ',
    example: ['Be brief. Additionally, use JSON.', 'Be brief. Also, use JSON.'],
  },
  // Intensifiers and hedges that add no instruction.
  {
    group: 'hedge',
    pattern: '\\b(?:very|really|truly|basically|actually|quite|extremely|absolutely|incredibly|totally|definitely|simply)\\b,?[ \\t]+(?=[\\p{L}\\uE002])',
    replacement: '',
    example: ['Read the text very carefully.', 'Read the text carefully.'],
  },
  {
    group: 'hedge',
    pattern: '(?<=^|[.!?\\n][ \\t]*)(?:so|well|okay|ok),[ \\t]+(?=\\p{L})',
    replacement: '',
    example: ['So, I need a summary.', 'I need a summary.'],
  },
];

/** Meaning words some rule may drop or add ("I would like you to …" → "", "is able to" → "can"): the union of the rules' `allow`. */
export const POLITENESS_MODALS = [...new Set(PHRASES.flatMap((r) => r.allow ?? []))];
