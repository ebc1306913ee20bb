import { FORMAT_NAMES, type DocumentKind, type RenderedFormat } from './format-names.js';

/** What a renderer may be told besides the document; each format reads the options it needs. */
export interface RenderOptions {
  /** Terminal colours (table formats). */
  color?: boolean;
  /** The terminal's width in columns, which tables cut their names to fit (table formats); absent when piped: nothing is cut. */
  width?: number;
  /** The checkout that annotation paths are relative to (check, `github`). */
  workspace?: string;
  /** A row per model under each row (agent views). */
  breakdown?: boolean;
  /** Every row rather than the latest ones (`db show --all`). */
  all?: boolean;
  /** When the file was made, as the HTML report states it. */
  generatedAt?: string;
}

export type Renderer<D> = (doc: D, opts: RenderOptions) => string;

/** One document's renderers, one per format name of format-names.ts: the compiler holds the two equal. */
export type Renderers<K extends DocumentKind, D> = { readonly [F in RenderedFormat<K>]: Renderer<D> };

/** The renderer of a format; a name without one renders the default (the first), as the commands always have. */
export function rendererOf<K extends DocumentKind, D>(kind: K, renderers: Renderers<K, D>, format: string): Renderer<D> {
  const table = renderers as unknown as Record<string, Renderer<D>>;
  return Object.hasOwn(table, format) ? table[format]! : table[FORMAT_NAMES[kind][0]]!;
}

/** An option a format cannot do without: its absence is a mistake in the calling code. */
export function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`this format needs the render option ${name}`);
  return value;
}
