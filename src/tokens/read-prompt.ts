import { UserError } from '../util/errors.js';
import { displayPath } from '../util/files.js';
import { ChatFormatError } from './chat-messages.js';
import { readPromptFile } from './files.js';
import { promptOf, type Prompt } from './measure.js';

/** Reads a prompt file as text or chat messages; a chat file with a bad message is a usage error naming it. */
export function readPrompt(abs: string): Prompt | null {
  const text = readPromptFile(abs);
  if (text === null) return null;
  try {
    return promptOf(text);
  } catch (err) {
    if (err instanceof ChatFormatError) throw new UserError(`${displayPath(abs)}: ${err.message}: fix the message, or give the file as plain text.`);
    throw err;
  }
}
