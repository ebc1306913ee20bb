import type { FormatAdapter } from '../adapter.js';
import type { Envelope } from '../envelope.js';
import type { Obj } from '../fields.js';
import type { UsageRecord } from '../record.js';
import { isAnthropicMessage, readAnthropicMessage } from './anthropic.js';
import { isOpenAIObject, readOpenAIObject } from './openai.js';
import { countRecognized, readProviderLine } from './shared.js';

const isEither = (o: Obj) => isAnthropicMessage(o) || isOpenAIObject(o);
const readEither = (o: Obj, env: Envelope): UsageRecord | string => (isAnthropicMessage(o) ? readAnthropicMessage(o, env) : readOpenAIObject(o, env));

/** A gateway or app log that holds both OpenAI and Anthropic response objects, each line read by its own shape. */
export const apiLogAdapter: FormatAdapter = {
  name: 'api-log',
  description: 'OpenAI and Anthropic response objects mixed in one JSON-lines log (each line read by its own shape)',
  containers: ['jsonl', 'json'],
  detect(sample) {
    const openai = countRecognized(sample, isOpenAIObject);
    const anthropic = countRecognized(sample, isAnthropicMessage);
    const both = countRecognized(sample, isEither);
    // Only when the sample really mixes the two; a single-provider file goes to that provider's adapter.
    return both > 0 && both > openai && both > anthropic ? both * 10 : 0;
  },
  open(sink) {
    return {
      push: (value, line) => readProviderLine(value, line, sink, isEither, 'OpenAI or Anthropic response object', readEither),
      finish() {},
    };
  },
};
