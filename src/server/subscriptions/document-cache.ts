import type { DocumentNode } from 'graphql';

/**
 * Parsed and validated operations, by their exact text, most recently used last; shared by every
 * connection of the process.
 *
 * Thousands of clients subscribe with the same few documents. Parsing each one again gave every
 * subscription its own AST (tokens, locations, nodes: about 6 KiB) for as long as it lived, and
 * re-ran validation. Whether a document is valid depends only on its text, the schema and the
 * rules, which are fixed per server, so a document that passed once passes again: only those are
 * kept. What depends on variables (the cost) is still checked on every subscribe. graphql-js never
 * changes an AST it executes, so one document can serve every execution at once.
 */
export class DocumentCache {
  private readonly documents = new Map<string, DocumentNode>();

  /** `maxEntries` bounds the cache (each document is bounded by the token limit). */
  constructor(private readonly maxEntries = 1_000) {}

  get(query: string): DocumentNode | undefined {
    const document = this.documents.get(query);
    if (document !== undefined) {
      // Most recently used last: the first entry is the one to evict.
      this.documents.delete(query);
      this.documents.set(query, document);
    }
    return document;
  }

  /** Only a document that parsed and validated against this server's schema and rules. */
  set(query: string, document: DocumentNode): void {
    this.documents.delete(query);
    this.documents.set(query, document);
    if (this.documents.size > this.maxEntries) this.documents.delete(this.documents.keys().next().value!);
  }

  get size(): number {
    return this.documents.size;
  }
}
