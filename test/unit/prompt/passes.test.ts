import { describe, expect, it } from 'vitest';
import { removeRepeatedSentences } from '../../../src/prompt/passes/dedupe.js';
import { pruneExamples } from '../../../src/prompt/passes/examples.js';
import { trimMarkdown } from '../../../src/prompt/passes/markdown.js';
import { rewritePhrases } from '../../../src/prompt/passes/phrases.js';
import { removeStopWords } from '../../../src/prompt/passes/stopwords.js';
import { minifyJson, minifyYaml } from '../../../src/prompt/passes/structured.js';
import { dedentProse, normalizeWhitespace } from '../../../src/prompt/passes/whitespace.js';
import { collapseTurns } from '../../../src/prompt/passes/chat-turns.js';
import { trimScaffolding } from '../../../src/prompt/passes/scaffolding.js';
import { missingSpans } from '../../../src/prompt/span-list.js';
import { PHRASES } from '../../../src/prompt/phrases.js';
import { findSpans, mask, unmask } from '../../../src/prompt/spans.js';

/** Runs a pass the way the pipeline does: on the masked text, then back. */
const through = (text: string, pass: (masked: string, m: ReturnType<typeof mask>) => string) => {
  const m = mask(text);
  return unmask(pass(m.text, m), m);
};

describe('protected spans', () => {
  it('finds each kind', () => {
    const text = [
      'Run `npm test` at https://example.com/a?b=1. Use {name}, {{query}}, ${ctx} and <document>.',
      'Say "exactly this" or \'that\'. Edit ./src/app.ts and docs/setup.md. It costs $4.99 for 5 GB on 2024-06-01 (INV-2024-0193).',
      '```python\nprint("x")   # spacing\n```',
      '[[keep]]Please, please keep this.[[/keep]]',
    ].join('\n');
    const found = findSpans(text).map((s) => [s.kind, text.slice(s.start, s.end)]);
    expect(found).toEqual([
      ['code', '`npm test`'],
      ['url', 'https://example.com/a?b=1'],
      ['placeholder', '{name}'],
      ['placeholder', '{{query}}'],
      ['placeholder', '${ctx}'],
      ['placeholder', '<document>'],
      ['quoted', '"exactly this"'],
      ['quoted', "'that'"],
      ['path', './src/app.ts'],
      ['path', 'docs/setup.md'],
      ['number', '$4.99'],
      ['number', '5 GB'],
      ['number', '2024-06-01'],
      ['number', 'INV-2024-0193'],
      ['code-block', '```python\nprint("x")   # spacing\n```'],
      ['keep', '[[keep]]Please, please keep this.[[/keep]]'],
    ]);
  });

  it('masks identical spans with one sentinel and restores keep blocks without their markers', () => {
    const m = mask('Use {x} and {x}. [[keep]]Very very.[[/keep]]');
    expect(m.spans).toEqual(['{x}', '[[keep]]Very very.[[/keep]]']);
    expect(unmask(m.text, m)).toBe('Use {x} and {x}. Very very.');
  });

  it('reads long words in linear time (a 100,000-letter word used to backtrack for ever)', () => {
    expect(findSpans(`${'a'.repeat(100_000)} x1`).map((s) => s.kind)).toEqual(['number']);
  });

  it('leaves apostrophes in words alone', () => {
    expect(findSpans("Don't share the customer's data; it's private.").filter((s) => s.kind === 'quoted')).toEqual([]);
  });
});

describe('the phrase table', () => {
  for (const rule of PHRASES) {
    it(`${JSON.stringify(rule.example[0])} → ${JSON.stringify(rule.example[1])}`, () => {
      expect(through(rule.example[0], (t) => rewritePhrases(t))).toBe(rule.example[1]);
    });
  }

  it('never drops a negation or modal word, nor a protected span', () => {
    // "not able" is a protected span ("is not able to" would become "cannot": a different word); the emphasis
    // around "never guess" goes, and the span now starting the sentence gets its capital.
    expect(through('The tool is not able to search. It is very important that you never guess.', (t) => rewritePhrases(t))).toBe(
      'The tool is not able to search. Never guess.',
    );
    expect(through('Please make sure that "Please make sure" stays.', (t) => rewritePhrases(t))).toBe('Ensure "Please make sure" stays.');
  });

  it('leaves "at all times" after a negation or modal in the same sentence, and "the following" of a time or as a subject', () => {
    // "must stay" and "always remain" are meaning spans the rule cannot see into: "always" could be said twice.
    expect(through('You must stay polite at all times. Always remain calm at all times.', (t) => rewritePhrases(t))).toBe(
      'You must stay polite at all times. Always remain calm at all times.',
    );
    // A later sentence has no such span: there it becomes "always".
    expect(through('You must stay polite. Be calm at all times.', (t) => rewritePhrases(t))).toBe('You must stay polite. Be calm always.');
    // "the following day." is a time, not what comes next.
    expect(through('Call back the following day. Then close it.', (t) => rewritePhrases(t))).toBe('Call back the following day. Then close it.');
    // Nor where it is the subject: "this is important" would point back, not ahead.
    expect(through('Note: the following is important. Read it.', (t) => rewritePhrases(t))).toBe('Note: the following is important. Read it.');
  });

  it('says "these" or "this" by the head of the noun phrase, and keeps "of" where English needs it', () => {
    const phrases = (text: string) => through(text, (t) => rewritePhrases(t));
    expect(phrases('Apply the following triage rules:')).toBe('Apply these triage rules:');
    expect(phrases('Include the following sections in the report: a title and a summary.')).toBe(
      'Include these sections in the report: a title and a summary.',
    );
    expect(phrases('Respond in the following JSON format and add nothing else:')).toBe('Respond in this JSON format and add nothing else:');
    expect(phrases('Write the following sections, in this exact order:')).toBe('Write these sections, in this exact order:');
    expect(phrases('The refund is paid the following day.\nNext rule.')).toBe('The refund is paid the following day.\nNext rule.');
    // A head ending in "is" or "ss" may be singular: left as it is.
    expect(phrases('Write the following analysis:')).toBe('Write the following analysis:');
    expect(phrases('Pick any of the categories, none of the others, both of the ids.')).toBe('Pick any of the categories, none of the others, both the ids.');
  });

  it('keeps "as … as possible" where it says how much, and "help … to" before a noun', () => {
    const phrases = (text: string) => through(text, (t) => rewritePhrases(t));
    expect(phrases('Reply as fast and as often as possible.')).toBe('Reply as fast and as often as possible.');
    expect(phrases('Help customers to the right team.')).toBe('Help customers to the right team.');
    expect(phrases('Your task is to extract the line\nitems and to match each one of them to an order.')).toBe(
      'Extract the line\nitems and match each to an order.',
    );
    expect(phrases('It is important to me that we keep the client.')).toBe('It is important to me that we keep the client.');
    expect(phrases('Encourage users in a positive way.')).toBe('Encourage users positively.');
    expect(phrases('[14:13] Agent: Have a great day!')).toBe('[14:13] Agent: Have a great day!');
    expect(phrases('That sounds great, thanks for the refund!')).toBe('That sounds great, thanks for the refund!');
    // Thanks opening a message go with the space after them.
    expect(phrases('Thanks! What should I eat?')).toBe('What should I eat?');
    // A pleasantry that says something ("happy to help with refunds only") stays.
    expect(phrases('I would be happy to help with refunds only.')).toBe('I would be happy to help with refunds only.');
  });

  it('keeps a greeting joined to the sentence by "and", and a "Hello" that is no greeting', () => {
    expect(through('Hello and thank you for reaching out! The fee is 2.5%.', (t) => rewritePhrases(t))).toBe(
      'Hello and thank you for reaching out! The fee is 2.5%.',
    );
    // Without punctuation or "there", "Hello" is no greeting of its own ("Hello world").
    expect(through('Hello world', (t) => rewritePhrases(t))).toBe('Hello world');
  });

  it('capitalizes after a removed request only where a sentence starts ("I" is always a capital)', () => {
    expect(through('Instead, I would like you to guide them.', (t) => rewritePhrases(t))).toBe('Instead, guide them.');
  });
});

describe('passes', () => {
  it('whitespace: trailing spaces, runs of spaces, stacked blank lines; indentation and code kept', () => {
    const input = 'a  b \t\n\n\n\n  - item   one\r\n```\nx    y\n```\n\n\n';
    expect(through(input, (t) => normalizeWhitespace(t))).toBe('a b\n\n  - item one\n```\nx    y\n```\n');
  });

  it('markdown: emphasis, rules and table padding', () => {
    expect(trimMarkdown('## **Role**\n\n---\n| a   | b |\n|:----|---:|\n*Be* __brief__, 2 * 3 * 4.')).toBe('## Role\n\na|b\n:---|---:\nBe brief, 2 * 3 * 4.');
  });

  it('dedupe: a sentence said again (after "Remember:", in other case) goes; short fragments stay', () => {
    const input = 'You must never share data. Be brief.\nRemember: you must NEVER share data.\n- Be brief.\nOK. OK.';
    expect(through(input, (t, m) => removeRepeatedSentences(t, m))).toBe('You must never share data. Be brief.\n- Be brief.\nOK. OK.');
  });

  it('examples: keeps the first N of each form; the final query stays', () => {
    const headed = 'Classify.\n\nExample 1:\nReview: good\nSentiment: positive\n\nExample 2:\nReview: bad\nSentiment: negative\n\nReview: {review}\nSentiment:';
    expect(through(headed, (t, m) => pruneExamples(t, m, 1))).toBe(
      'Classify.\n\nExample 1:\nReview: good\nSentiment: positive\n\nReview: {review}\nSentiment:',
    );
    const qa = 'Q: one?\nA: 1\n\nQ: two?\nA: 2\n\nQ: {question}\nA:';
    expect(through(qa, (t, m) => pruneExamples(t, m, 1))).toBe('Q: one?\nA: 1\n\nQ: {question}\nA:');
    const xml = '<examples>\n<example>\n<input>a</input>\n</example>\n<example>\n<input>b</input>\n</example>\n</examples>';
    expect(through(xml, (t, m) => pruneExamples(t, m, 1))).toBe('<examples>\n<example>\n<input>a</input>\n</example>\n</examples>');
  });

  it('json: minified with strings and numbers exactly as written; tables on request', () => {
    const input = 'Return:\n{\n  "a": "x  y",\n  "n": 1.50,\n  "rows": [\n    {"id": 1, "ok": true},\n    {"id": 2, "ok": false}\n  ]\n}\ndone';
    expect(through(input, (t, m) => minifyJson(t, m, false))).toBe('Return:\n{"a":"x  y","n":1.50,"rows":[{"id":1,"ok":true},{"id":2,"ok":false}]}\ndone');
    expect(through(input, (t, m) => minifyJson(t, m, true))).toBe(
      'Return:\n{"a":"x  y","n":1.50,"rows":{"columns":["id","ok"],"rows":[[1,true],[2,false]]}}\ndone',
    );
    // A template (a placeholder where a value should be) reads as JSON: minified, the placeholder untouched.
    expect(through('{\n  "c": <n>,\n  "d": [{{items}}],\n  "e": "<one of: a, b>"\n}', (t, m) => minifyJson(t, m, false))).toBe(
      '{"c":<n>,"d":[{{items}}],"e":"<one of: a, b>"}',
    );
    // Bare words where a value should be: not JSON, left alone.
    expect(through('{"c": true or false}', (t, m) => minifyJson(t, m, false))).toBe('{"c": true or false}');
  });

  it('yaml: comments, blank lines and indentation, only when the data stays the same', () => {
    const input = '# comment\nname: x\n\nmodel:\n    id: gpt-4o\n    temperature: 0.2\nrules:\n    -   "Do not guess."\n';
    expect(through(input, (t, m) => minifyYaml(t, m))).toBe('name: x\nmodel:\n id: gpt-4o\n temperature: 0.2\nrules:\n - "Do not guess."\n');
    expect(through('Note: this is prose.\nIt has: colons.\nBut is not YAML data', (t, m) => minifyYaml(t, m))).toBe(
      'Note: this is prose.\nIt has: colons.\nBut is not YAML data',
    );
  });

  it('stop words: articles go, negations stay', () => {
    expect(through('Do not answer the question with a guess.', (t) => removeStopWords(t))).toBe('Do not answer question with guess.');
  });
});

describe('meaning spans', () => {
  const meaning = (text: string) =>
    findSpans(text)
      .filter((s) => s.kind === 'meaning')
      .map((s) => text.slice(s.start, s.end));

  it('protect a negation or modal with the word it governs', () => {
    expect(meaning('You must not share data. Never guess. Only use the documents.')).toEqual(['must not share', 'Never guess', 'Only use']);
  });

  it('leave filler and emphasis between them outside, so it can go', () => {
    expect(meaning('Always make sure to check the date.')).toEqual(['Always', 'check']);
    expect(meaning('You should **never** invent policies.')).toEqual(['should', 'never', 'invent']);
    expect(through('Always make sure to check the date.', (t) => rewritePhrases(t))).toBe('Always check the date.');
    expect(through('You should **never** invent policies.', (t) => trimMarkdown(t))).toBe('You should never invent policies.');
  });

  it('leave courtesies and idioms unprotected', () => {
    expect(meaning('I would like you to say whether or not it fits.')).toEqual([]);
  });

  it('refuse a rewrite that would touch one: the intensifier inside "not really" stays', () => {
    expect(through('Read it really carefully. Do not really trust it.', (t) => rewritePhrases(t))).toBe('Read it carefully. Do not really trust it.');
  });

  it('capitalize a meaning span that now starts a sentence, and nothing else', () => {
    expect(through('It is very important that you always cite sources.', (t) => rewritePhrases(t))).toBe('Always cite sources.');
    expect(through('Please `npm test` first.', (t) => rewritePhrases(t))).toBe('`npm test` first.');
  });
});

describe('template placeholders', () => {
  it('protects Jinja, Handlebars and f-string syntax', () => {
    const text = '{# note #} {% if x %}{{ a | title }}{% endif %} {{#each items}}{{this.name}}{{/each}} {{{raw}}} {amount:.2f} {name!r} {0}';
    const spans = findSpans(text)
      .filter((s) => s.kind === 'placeholder')
      .map((s) => text.slice(s.start, s.end));
    expect(spans).toEqual([
      '{# note #}',
      '{% if x %}',
      '{{ a | title }}',
      '{% endif %}',
      '{{#each items}}',
      '{{this.name}}',
      '{{/each}}',
      '{{{raw}}}',
      '{amount:.2f}',
      '{name!r}',
      '{0}',
    ]);
  });

  it('does not protect the number of a few-shot example header', () => {
    expect(findSpans('Example 2:\nReview: 3 stars').map((s) => s.kind)).toEqual(['number']);
  });
});

describe('restatements and recaps', () => {
  const dedupe = (text: string) => through(text, (t, m) => removeRepeatedSentences(t, m));

  it('drops a rule said again in other words, keeping the first, more specific one', () => {
    expect(dedupe("You must never share another customer's data. Be brief.\nRemember: never share customers' data.")).toBe(
      "You must never share another customer's data. Be brief.",
    );
  });

  it('keeps a restatement that adds a word, or a span of its own', () => {
    const text = "Never share another customer's data.\nNever share another customer's data, even with colleagues.\nNever share data from GD-123456.";
    expect(dedupe(text)).toBe(text);
  });

  it('does not take a sentence bound by a condition for the general rule', () => {
    const text = 'If the customer is angry, stay calm and apologize politely.\nStay calm and apologize politely.';
    expect(dedupe(text)).toBe(text);
  });

  it('drops a recap whose every clause was said before, and its heading when its list is gone', () => {
    const text = [
      'Always answer in the same language as the customer.',
      'Do not offer discounts that are not on the deals page.',
      '',
      'Important reminders:',
      "- Always answer in the customer's language.",
      '- Do not offer discounts that are not on the deals page.',
    ].join('\n');
    expect(dedupe(text)).toBe('Always answer in the same language as the customer.\nDo not offer discounts that are not on the deals page.\n');
  });

  it('takes "Again, " for a lead-in, not for a clause of a recap', () => {
    const rules = 'You must never give a diagnosis.\nYou must never recommend a dosage of any medication.';
    expect(dedupe(`${rules}\nAgain, never give a diagnosis and never recommend a dosage of medication.`)).toBe(rules);
  });

  it('keeps a sentence whose numbers differ, even when each is a part of an earlier span', () => {
    const text =
      'Week 1: 3 sessions of 20 minutes, 1 minute of running and 2 minutes of walking.\nWeek 2: 3 sessions of 20 minutes, 2 minutes of running and 2 minutes of walking.';
    expect(dedupe(text)).toBe(text);
  });

  it('leaves table rows alone, with or without pipes at their ends', () => {
    const text = 'Always refund late parcels within 5 days.\n\nCase|Rule\n---|---\nLate|Always refund late parcels within 5 days';
    expect(dedupe(text)).toBe(text);
    // The same row outside a table is a restatement.
    expect(dedupe(text.replace('\n---|---', ''))).toBe('Always refund late parcels within 5 days.\n\nCase|Rule');
  });

  it('never drops a label that introduces what follows', () => {
    const text = 'You will receive the first notice of loss from the policyholder.\n\nFirst notice of loss:\n{fnol_text}';
    expect(dedupe(text)).toBe(text);
  });

  it('drops an e-mail quoted again in a later message of the thread', () => {
    const text = [
      '> We received shipment KL-558201 and 3 of the 12 pallets were damaged.',
      '>',
      '> Please let us know how you want to handle this.',
      '',
      'From: Tom',
      'We received shipment KL-558201 and 3 of the 12 pallets were damaged.',
      'Please let us know how you want to handle this.',
    ].join('\n');
    expect(dedupe(text)).toBe(text.split('\n').slice(0, 5).join('\n'));
  });
});

describe('prose indentation', () => {
  const none = () => false;

  it('drops the indentation every line shares (a prompt pasted from code), keeping nested lists', () => {
    expect(dedentProse('        You are an assistant.\n\n        Rules:\n        - Be brief.\n          Really.\n', none)).toBe(
      'You are an assistant.\n\nRules:\n- Be brief.\n  Really.\n',
    );
  });

  it('drops the indentation of a pasted paragraph, not of a list continuation or of code', () => {
    expect(dedentProse('Ticket:\n\n    My parcel is late.\n    Please help.', none)).toBe('Ticket:\n\nMy parcel is late.\nPlease help.');
    expect(dedentProse('1. Step one\n\n   More about step one.', none)).toBe('1. Step one\n\n   More about step one.');
    expect(dedentProse('Code:\n\n    if (x) {\n      y();\n    }', none)).toBe('Code:\n\n    if (x) {\n      y();\n    }');
  });
});

describe('markdown decoration', () => {
  it('drops rules next to headings or at the ends, keeps a rule between content and setext underlines', () => {
    expect(trimMarkdown('Intro.\n\n---\n\n## Rules\n\nBe brief.\n\n---\n\nTicket:\n{ticket}\n\n---')).toBe(
      'Intro.\n\n## Rules\n\nBe brief.\n\n---\n\nTicket:\n{ticket}\n',
    );
    expect(trimMarkdown('Title\n---\ntext')).toBe('Title\n---\ntext');
  });

  it('writes section headings of the deepest level as labels, not a lone title nor an output template', () => {
    expect(trimMarkdown('# Reviewer\n\n## Role\n\nYou review code.\n\n## Output format\n\n- One line per problem.')).toBe(
      '# Reviewer\n\nRole:\nYou review code.\n\nOutput format:\n- One line per problem.',
    );
    expect(trimMarkdown('# Reviewer\n\nYou review code.')).toBe('# Reviewer\n\nYou review code.');
    const template = 'Answer in this format:\n\n## Summary\n{summary}\n\n## Risks\n{risks}';
    expect(trimMarkdown(template)).toBe(template);
    const questions = '## Why?\nBecause.\n\n## How?\nLike this.';
    expect(trimMarkdown(questions)).toBe(questions);
  });

  it('drops the pipes at the ends of table rows only where the table stays the same', () => {
    expect(trimMarkdown('| Code | Refund |\n|------|--------|\n| `A-1` | €5 |\n\nDone.')).toBe('Code|Refund\n---|---\n`A-1`|€5\n\nDone.');
    // One column, or an empty cell at an end: the pipes carry the table and stay.
    expect(trimMarkdown('| Code |\n|------|\n| A |')).toBe('|Code|\n|---|\n|A|');
    expect(trimMarkdown('| Code | Note |\n|---|---|\n| A |  |')).toBe('|Code|Note|\n|---|---|\n|A||');
  });

  it('drops _emphasis_ and closing hashes, not snake_case', () => {
    expect(trimMarkdown('## Rules ##\nBe _very_ brief with total_cents.')).toBe('## Rules\nBe very brief with total_cents.');
  });
});

describe('yaml sequences and block scalars', () => {
  it('keeps the item content aligned, block scalar lines (blank and # ones) and comments holding a span', () => {
    const input = [
      '# Owner: ops@corp.example',
      '# generic note',
      'tools:',
      '    -   name: create_ticket',
      '        endpoint: https://jira.example/api  # the API',
      'prompt: |',
      '    Line one.',
      '',
      '    # not a comment',
      '      indented',
      'done: true',
      '',
    ].join('\n');
    expect(through(input, (t, m) => minifyYaml(t, m))).toBe(
      [
        '# Owner: ops@corp.example',
        'tools:',
        ' - name: create_ticket',
        '   endpoint: https://jira.example/api',
        'prompt: |',
        ' Line one.',
        '',
        ' # not a comment',
        '   indented',
        'done: true',
        '',
      ].join('\n'),
    );
  });
});

describe('few-shot scaffolding', () => {
  const scaffold = (text: string) => through(text, (t, m) => trimScaffolding(t, m));

  it('drops numbered example headers', () => {
    const text =
      'Examples:\n\nExample 1:\nReview: good\nSentiment: positive\n\n### Example 2\n\nReview: bad\nSentiment: negative\n\nReview: {review}\nSentiment:';
    expect(scaffold(text)).toBe('Examples:\n\nReview: good\nSentiment: positive\n\nReview: bad\nSentiment: negative\n\nReview: {review}\nSentiment:');
  });

  it('keeps them when an example is referred to by its number', () => {
    const text = 'Examples below; Example 2 is the hard case.\n\nExample 1:\nQ: a\nA: b\n\nExample 2:\nQ: c\nA: d';
    expect(scaffold(text)).toBe(text);
  });

  it('shortens a repeated multi-word label to its last word everywhere, unless a sentence mentions it', () => {
    const text = 'Classify each one.\n\nTicket text: a\nLabel: x\n\nTicket text: b\nLabel: y\n\nTicket text: {t}\nLabel:';
    expect(scaffold(text)).toBe('Classify each one.\n\nText: a\nLabel: x\n\nText: b\nLabel: y\n\nText: {t}\nLabel:');
    const mentioned = text.replace('Classify each one.', 'Classify each ticket text.');
    expect(scaffold(mentioned)).toBe(mentioned);
  });

  it('shortens a heading that only names the labels of the examples after it, and then the labels it named', () => {
    // Every word the heading names is a word of a label starting 2+ lines after it: customer and messages
    // ("Customer message:" ×3), correct and output ("Correct output:" ×3); "and", "the", "for each" link them.
    // With the heading gone no sentence mentions either label, so each (on 3 lines) shortens to its last word,
    // the final unfilled pair included.
    const text =
      'Examples of customer messages and the correct output for each:\n\nCustomer message: a\nCorrect output: x\n\nCustomer message: b\nCorrect output: y\n\nClassify this one.\n\nCustomer message: {m}\nCorrect output:';
    expect(scaffold(text)).toBe('Examples:\n\nMessage: a\nOutput: x\n\nMessage: b\nOutput: y\n\nClassify this one.\n\nMessage: {m}\nOutput:');
  });

  it('keeps a heading that says more than the labels do', () => {
    // "angry" is no word of a label: the heading tells the model something the labels do not, and stays; since
    // it mentions both labels, they stay too.
    const angry =
      'Examples of angry customer messages and the correct output:\n\nCustomer message: a\nCorrect output: x\n\nCustomer message: b\nCorrect output: y';
    expect(scaffold(angry)).toBe(angry);
    // "good" and "bad" are no labels: the examples are of both kinds, which the labels cannot say.
    const kinds = 'Examples of good and bad answers:\n\nQuestion: a\nAnswer: x\n\nQuestion: b\nAnswer: y';
    expect(scaffold(kinds)).toBe(kinds);
    // The examples must come right after it: here a sentence does.
    const apart = 'Examples of reviews and their sentiment:\nRead them twice.\n\nReview: a\nSentiment: x\n\nReview: b\nSentiment: y';
    expect(scaffold(apart)).toBe(apart);
  });
});

describe('chat turns', () => {
  it('drops repeated system prompts and empty turns, keeps tool messages and tool calls', () => {
    const sys = { role: 'system', content: 'Be brief.' };
    const call = { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] };
    const tool = { role: 'tool', tool_call_id: 'c', content: '' };
    expect(
      collapseTurns([sys, { role: 'user', content: 'Hi' }, { role: 'assistant', content: ' ' }, sys, call, tool, { role: 'system', content: 'Be brief!' }]),
    ).toEqual([sys, { role: 'user', content: 'Hi' }, call, tool, { role: 'system', content: 'Be brief!' }]);
  });
});

describe('span lists', () => {
  it('accept a capital first letter and "a … b" joined by a space or by what stood between', () => {
    expect(
      missingSpans('Please do not guess. You should **never** invent.', 'Do not guess. You should never invent.', ['do not guess', 'never … invent', 'should']),
    ).toEqual([]);
    expect(missingSpans('Do not guess.', 'Guess.', ['not guess', 'missing from input'])).toEqual(['not guess', 'missing from input']);
  });
});
