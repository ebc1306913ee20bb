/**
 * API keys are stored redacted: a value that looks like a secret key keeps its kind prefix and last four
 * characters ("sk-proj-…a1b2"), enough to tell keys apart in a report. Key ids and names are kept.
 */
export function redactApiKey(value: string | null): string | null {
  if (value === null) return null;
  const m = /^(sk-(?:proj-|ant-(?:api\d+-)?|or-v1-|svcacct-)?|sk_|xai-|AIza|AKIA)/.exec(value);
  if (!m || value.length < 20) return value;
  return `${m[1]}…${value.slice(-4)}`;
}
