import { createHash } from 'node:crypto';

/**
 * Secrets never reach the database. A value read as an API key (or an `Authorization`-style field) that looks
 * like a credential is replaced by its kind, its last four characters when it is long enough to spare them,
 * and a stable hash: `sk-proj-…a1b2#3f9c2a1b`. The same key always gives the same text, so reports still
 * group by key; two keys that share a prefix and an ending still differ by their hash. Key ids and names
 * (`key_…`, `apikey_…`, an ARN, "ci-pipeline") are kept as they are.
 */

/** Prefixes of secret keys and tokens as providers and forges issue them; they are public and kept for the kind. */
const SECRET_PREFIX =
  /^(sk-(?:proj-|ant-(?:api\d+-|admin\d+-)?|or-v1-|svcacct-|admin-|lf-)?|sk_(?:live_|test_)?|rk_(?:live_|test_)?|pk-lf-|xai-|gsk_|pplx-|nvapi-|r8_|hf_|AIza|AKIA|ASIA|ghp_|gho_|ghu_|ghs_|ghr_|github_pat_|glpat-|xox[abposr]-|sess-|eyJ)/;
/** An authorization scheme in front of a credential: the credential follows, whatever it looks like. */
const AUTH_SCHEME = /^(?:Bearer|Basic|Token|Api-Key|ApiKey|Key|x-api-key)[\s:=]+/i;
/** Ids and names that identify a key without being one. */
const KEY_ID = /^(?:key_|apikey_|arn:)/;
/** The form this module writes; never redacted again. */
const REDACTED = /^[\w-]*…(?:[\w-]{4})?#[0-9a-f]{8}$/;

/** A stable, non-reversible fingerprint of a credential. */
function fingerprint(secret: string): string {
  return createHash('sha256').update('llmcost api key\u0000').update(secret).digest('hex').slice(0, 8);
}

/** A credential as stored: its public kind prefix, the last four characters of a long one, and its hash. */
function redacted(secret: string, kind: string): string {
  const rest = secret.slice(kind.length);
  const tail = rest.length >= 20 ? rest.slice(-4) : '';
  return `${kind}…${tail}#${fingerprint(secret)}`;
}

/** Whether a value without a known prefix still looks like a credential: one long token of letters and digits. */
function looksRandom(s: string): boolean {
  return s.length >= 20 && /^[A-Za-z0-9_\-.+/=]+$/.test(s) && /[0-9]/.test(s) && /[A-Za-z]/.test(s);
}

/**
 * The value to store for an API key field: a credential redacted, anything else (a key id, an alias, a name)
 * as it is. See the rule above and README "Safety and failure behaviour".
 */
export function redactApiKey(value: string | null): string | null {
  if (value === null) return null;
  const v = value.trim();
  if (v === '' || REDACTED.test(v)) return value;
  const scheme = AUTH_SCHEME.exec(v);
  if (scheme) {
    const secret = v.slice(scheme[0].length).trim();
    return redacted(secret, SECRET_PREFIX.exec(secret)?.[1] ?? '');
  }
  const known = SECRET_PREFIX.exec(v);
  if (known) return redacted(v, known[1]!);
  if (KEY_ID.test(v)) return value;
  if (looksRandom(v)) return redacted(v, '');
  return value;
}

/**
 * Attribution text (user, project, feature, tags) is kept as written, except a credential by a known prefix
 * or after an authorization scheme, which is redacted wherever it appears in the value.
 */
const EMBEDDED_SECRET =
  /\b(?:(?:Bearer|Basic|Token)\s+[A-Za-z0-9_\-.+/=]{8,}|(?:sk-|sk_|rk_|xai-|gsk_|pplx-|nvapi-|ghp_|gho_|ghu_|ghs_|ghr_|github_pat_|glpat-|xox[abposr]-|AIza|AKIA|ASIA)[A-Za-z0-9_-]{8,})/g;

export function redactSecretsIn(value: string | null): string | null {
  if (value === null) return null;
  return value.replace(EMBEDDED_SECRET, (m) => redactApiKey(m) ?? m);
}

/** Redacts a record's key and any credential pasted into its attribution fields, in place. */
export function redactRecord(r: { apiKey: string | null; user: string | null; project: string | null; feature: string | null; tags: string[] }): void {
  r.apiKey = redactApiKey(r.apiKey);
  r.user = redactSecretsIn(r.user);
  r.project = redactSecretsIn(r.project);
  r.feature = redactSecretsIn(r.feature);
  if (r.tags.length > 0) r.tags = r.tags.map((t) => redactSecretsIn(t) ?? t);
}
