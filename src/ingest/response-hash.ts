import { createHmac } from 'node:crypto';

/**
 * A response's answer as it is compared: Unicode compatibility forms folded (NFKC), every run of whitespace
 * one space, and the ends trimmed, so that a trailing newline, CRLF line ends or re-wrapped lines are no
 * different answer. Case is kept: "US" and "us", or two identifiers in code, are different answers.
 */
export function normalizeResponse(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

/**
 * Fingerprints of responses, keyed with the database's prompt salt (README "Privacy"): equal answers give equal
 * hashes inside one database and unrelated ones in any other, and the text cannot be read back from them.
 */
export class ResponseHasher {
  constructor(private readonly salt: string) {}

  /** The hash of the normalized answer (128 bits, base64url), or null for an answer that is empty once normalized. */
  hash(text: string): string | null {
    const normalized = normalizeResponse(text);
    if (normalized === '') return null;
    // A label of its own, so a response never hashes like a prompt message with the same text.
    return createHmac('sha256', this.salt).update('response\u0000').update(normalized).digest('base64url').slice(0, 22);
  }
}
