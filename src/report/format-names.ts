/**
 * The formats each report document is rendered in, by name, its default first: the `--format` choices of
 * its command. This module imports nothing, so that command definitions (and `--help`) list the choices
 * without loading a renderer; registry.ts holds the renderers, and a test keeps the two equal.
 */
export const FORMAT_NAMES = {
  audit: ['table', 'json', 'csv', 'markdown'],
  simulate: ['table', 'json', 'markdown'],
  check: ['table', 'json', 'markdown', 'junit', 'github', 'github-comment'],
  tokens: ['table', 'json', 'csv'],
  compress: ['text', 'json'],
  compressTop: ['text', 'json', 'markdown'],
  compare: ['table', 'json', 'markdown'],
  catalogList: ['table', 'json'],
  catalogModel: ['table', 'json'],
  agentView: ['table', 'json'],
  ingest: ['table', 'json'],
  dbInventory: ['table', 'json'],
  dbForget: ['table', 'json'],
} as const;

/** Formats a document is also written in through a flag of their own rather than `--format` (`audit --html FILE`). */
export const FILE_FORMAT_NAMES = {
  audit: ['html'],
} as const satisfies Partial<Record<keyof typeof FORMAT_NAMES, readonly string[]>>;

export type DocumentKind = keyof typeof FORMAT_NAMES;

/** The `--format` names of a document. */
export type FormatName<K extends DocumentKind> = (typeof FORMAT_NAMES)[K][number];

/** Every format a document has a renderer for: its `--format` names and those of its own flags. */
export type RenderedFormat<K extends DocumentKind> = FormatName<K> | (K extends keyof typeof FILE_FORMAT_NAMES ? (typeof FILE_FORMAT_NAMES)[K][number] : never);

/** A document's `--format` choices, the default first: `formatsOf('audit')` → ['table', 'json', 'csv', 'markdown']. */
export function formatsOf<K extends DocumentKind>(kind: K): readonly FormatName<K>[] {
  return FORMAT_NAMES[kind];
}
