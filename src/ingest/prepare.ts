import type { Catalog } from '../catalog/catalog.js';
import { createPricer } from '../pricing/pricer.js';
import type { Fingerprint } from '../usage/fingerprint.js';
import { naturalKey } from '../usage/identity.js';
import type { UsageRecord } from '../usage/record.js';
import { joinedPrompt, type JoinedPrompts } from './batch-input.js';
import { Fingerprinter } from './fingerprint.js';
import { LOCAL_PREFIX } from './identity.js';
import { promptTextOf } from './prompt.js';
import { redactRecord } from './redact.js';
import { ResponseHasher } from './response-hash.js';

/** A normalized record made ready to store: key redacted, priced, and its identity settled (identity.ts). */
export interface PreparedRecord {
  record: UsageRecord;
  modelId: string | null;
  costUsd: number | null;
  /** Priced at the nearest published rates (see Priced.approximate). */
  approximate: boolean;
  /** The id only means something inside its source: the key is scoped to the source's label. */
  scoped: boolean;
  /** The source had no id: the key is the row's natural key, and the n-th identical one is its own request. */
  natural: boolean;
  /** Fingerprints of the record's prompt, when the source carries one and the database keeps them. */
  fingerprint: Fingerprint | null;
  /** The prompt text itself, only with --store-prompts. */
  promptText: string | null;
  /** The salted hash of the normalized answer (ingest/response-hash.ts), kept only beside a prompt fingerprint. */
  responseHash: string | null;
}

/** What ingest keeps of prompts: fingerprints (salted per database), and the text only when asked. */
export interface PromptKeeping {
  salt: string;
  storeText: boolean;
  /** Prompts kept in another file, fingerprinted already, for records whose prompt has a `joinKey`. */
  joined?: JoinedPrompts;
}

/** Returns a function that prepares each record of one file; pure apart from hashing. */
export function createPreparer(catalog: Catalog, prompts?: PromptKeeping): (r: UsageRecord) => PreparedRecord {
  const price = createPricer(catalog);
  let fingerprinter: Fingerprinter | undefined;
  let responseHasher: ResponseHasher | undefined;
  return (r) => {
    let fingerprint: Fingerprint | null = null;
    let promptText: string | null = null;
    let responseHash: string | null = null;
    if (r.prompt && prompts) {
      if (r.prompt.joinKey !== undefined) ({ fingerprint, promptText } = joinedPrompt(prompts.joined, r.prompt.joinKey));
      else {
        fingerprinter ??= new Fingerprinter(prompts.salt);
        fingerprint = fingerprinter.fingerprint(r.prompt);
        if (prompts.storeText) promptText = promptTextOf(r.prompt);
      }
      // An answer is only compared with the answer to a matching prompt: without a prompt it is not kept.
      if (r.response !== null && fingerprint !== null) {
        responseHasher ??= new ResponseHasher(prompts.salt);
        responseHash = responseHasher.hash(r.response);
      }
      r.prompt = null;
    }
    r.response = null;
    redactRecord(r);
    const priced = price(r);
    let scoped = false;
    let natural = false;
    if (r.id === '') {
      r.id = naturalKey(r);
      scoped = true;
      natural = true;
    } else if (r.id.startsWith(LOCAL_PREFIX)) {
      r.id = r.id.slice(LOCAL_PREFIX.length);
      scoped = true;
    }
    return {
      record: r,
      modelId: priced.modelId,
      costUsd: priced.costUsd,
      approximate: priced.approximate,
      scoped,
      natural,
      fingerprint,
      promptText,
      responseHash,
    };
  };
}
