/**
 * The prompt of a request as the sources carry it, reduced to what prompt fingerprints need: each message's
 * role and text, in order. Read at ingest and never stored unless the user asks (README "Privacy").
 */
export interface PromptMessage {
  role: string;
  text: string;
}

export interface Prompt {
  messages: PromptMessage[];
  /**
   * Set when the prompt is a conversation that grows turn by turn (an agent session): each record's messages
   * then start with the previous record's, and fingerprinting goes on from where the previous one ended.
   */
  conversation?: string;
  /**
   * Set when the source keeps the prompt in another file (an OpenAI Batch output line: its request is in the
   * batch input file): the key (`custom_id`) the prompt is joined by at ingest (ingest/batch-input.ts).
   * `messages` is then empty.
   */
  joinKey?: string;
}
