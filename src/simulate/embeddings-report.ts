import type { EmbeddingsReport } from './document.js';
import type { RequestEmbeddings } from './embeddings-match.js';

/** The words a report uses for the similarity that decided the semantic cache's hits. */
export function similarityLabel(e: RequestEmbeddings | null): string {
  return e ? `embedding cosine similarity from ${e.file}` : 'lexical similarity (MinHash of word pairs)';
}

export function embeddingsReport(e: RequestEmbeddings, withoutEmbedding: number): EmbeddingsReport {
  return {
    file: e.file,
    dimensions: e.dimensions,
    idsInFile: e.idsInFile,
    matchedRequests: e.matchedRequests,
    withoutEmbedding,
    unmatchedIds: e.unmatchedIds,
    firstUnmatchedLine: e.firstUnmatchedLine,
    ambiguousIds: e.ambiguousIds,
    firstAmbiguousLine: e.firstAmbiguousLine,
  };
}
