import { readFileSync } from 'node:fs';

/** llmcost's version, from its package.json (read when asked: --version, and the version stored with each ingest). */
export function toolVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
