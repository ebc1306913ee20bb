import type { Envelope } from '../envelope.js';
import type { Obj } from '../fields.js';
import type { UsageRecord } from '../../usage/record.js';
import { isAnthropicMessage, readAnthropicMessage } from './anthropic.js';
import { isOpenAIObject, readOpenAIObject } from './openai.js';
import { defineLineAdapter, inEnvelope, loggedResponses, matchScore } from './line-adapter.js';

const isEither = (o: Obj) => isAnthropicMessage(o) || isOpenAIObject(o);
const readEither = (o: Obj, env: Envelope): UsageRecord | string => (isAnthropicMessage(o) ? readAnthropicMessage(o, env) : readOpenAIObject(o, env));

const holdsOpenAI = inEnvelope(isOpenAIObject);
const holdsAnthropic = inEnvelope(isAnthropicMessage);
const holdsEither = inEnvelope(isEither);

/** A gateway or app log that holds both OpenAI and Anthropic response objects, each line read by its own shape. */
export const apiLogAdapter = defineLineAdapter({
  name: 'api-log',
  description: 'OpenAI and Anthropic response objects mixed in one JSON-lines log (each line read by its own shape)',
  containers: ['jsonl', 'json'],
  detect(sample) {
    const openai = matchScore(sample, holdsOpenAI, 1);
    const anthropic = matchScore(sample, holdsAnthropic, 1);
    const both = matchScore(sample, holdsEither, 1);
    // Only when the sample really mixes the two; a single-provider file goes to that provider's adapter.
    return both > 0 && both > openai && both > anthropic ? both * 10 : 0;
  },
  recognize: isEither,
  envelope: loggedResponses('OpenAI or Anthropic response object'),
  read: readEither,
});
