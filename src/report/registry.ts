import { AGENT_VIEW_RENDERERS } from './agent-views.js';
import { AUDIT_RENDERERS } from './audit.js';
import { CATALOG_LIST_RENDERERS, CATALOG_MODEL_RENDERERS } from './catalog.js';
import { CHECK_RENDERERS } from './check-render.js';
import { COMPRESS_TOP_RENDERERS } from './compress-top.js';
import { DB_FORGET_RENDERERS, DB_INVENTORY_RENDERERS } from './db.js';
import type { DocumentKind, RenderedFormat } from './format-names.js';
import { INGEST_RENDERERS } from './ingest.js';
import { COMPARE_RENDERERS } from './prompt-compare.js';
import { COMPRESS_RENDERERS } from './prompt-compress.js';
import { TOKENS_RENDERERS } from './prompt-tokens.js';
import { rendererOf, type RenderOptions, type Renderers } from './renderer.js';
import { SIMULATE_RENDERERS } from './simulate.js';

/**
 * Every report document's renderers, by format name (format-names.ts lists the names without loading these).
 * The commands call each document's own entry point (renderAudit, renderCheck, ...), which loads that
 * document's renderers only; this map is the whole of them, for listing and for callers that hold a kind.
 */
export const RENDERERS = {
  audit: AUDIT_RENDERERS,
  simulate: SIMULATE_RENDERERS,
  check: CHECK_RENDERERS,
  tokens: TOKENS_RENDERERS,
  compress: COMPRESS_RENDERERS,
  compressTop: COMPRESS_TOP_RENDERERS,
  compare: COMPARE_RENDERERS,
  catalogList: CATALOG_LIST_RENDERERS,
  catalogModel: CATALOG_MODEL_RENDERERS,
  agentView: AGENT_VIEW_RENDERERS,
  ingest: INGEST_RENDERERS,
  dbInventory: DB_INVENTORY_RENDERERS,
  dbForget: DB_FORGET_RENDERERS,
} as const satisfies { [K in DocumentKind]: Renderers<K, never> };

/** The document a kind's renderers take. */
export type DocumentOf<K extends DocumentKind> = (typeof RENDERERS)[K] extends Renderers<K, infer D> ? D : never;

/** Renders a document of a kind in one of its formats. */
export function render<K extends DocumentKind>(kind: K, format: RenderedFormat<K>, doc: DocumentOf<K>, opts: RenderOptions = {}): string {
  return rendererOf(kind, RENDERERS[kind] as unknown as Renderers<K, DocumentOf<K>>, format)(doc, opts);
}
