import { isBatchRequestLine } from '../batch-input.js';
import { defineLineAdapter } from './line-adapter.js';

/**
 * OpenAI Batch API input files: `{custom_id, method, url, body}` a line, the requests as they were sent. They
 * hold prompts but no usage: `llmcost ingest` reads them beside their output file (ingest/batch-input.ts) and
 * joins the prompts to the output's records by custom_id. Detected here so that an input file is named for what
 * it is; read through the adapter (standard input, a gzip file) its lines are listed with what to do instead.
 */
export const openaiBatchInputAdapter = defineLineAdapter({
  name: 'openai-batch-input',
  description: 'OpenAI Batch API input files (JSON lines with custom_id, url and the request body): prompts for the output file given beside them',
  containers: ['jsonl'],
  // As the output files: a request body is no usage object, but the generic layout may claim its model field.
  detect: 20,
  recognize: isBatchRequestLine,
  read: () =>
    'an OpenAI Batch input line holds a prompt but no usage: give the input file, uncompressed, beside its output file (llmcost ingest input.jsonl output.jsonl)',
});
