import {
  BREAK,
  getOperationAST,
  Kind,
  parse,
  specifiedRules,
  validate,
  visit,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { assertTokensWithin, limitRules, type OperationLimits } from './limits.js';

/**
 * Query texts already parsed and found valid, for a transport that runs them without parsing or
 * validating again (graphql-direct.ts). A text is known here only when nothing about it needs
 * more than execution: within the token limit, parsed, valid under graphql-js's rules and our
 * limits (limits.ts), with no introspection (Apollo Server refuses it in production, and answers it
 * its own way elsewhere) and no `@defer` / `@stream` (incremental delivery). Any other text is
 * `null`: the caller leaves it to Apollo Server, which says what is wrong with it.
 *
 * Bounded: at most `max` texts (good and bad); the oldest goes first. One text's entry holds
 * the document and its operations by name.
 */
export class KnownDocuments {
  readonly #entries = new Map<string, KnownDocument | null>();
  readonly #rules;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly limits: OperationLimits,
    private readonly max = 500,
  ) {
    this.#rules = [...specifiedRules, ...limitRules(limits)];
  }

  /** The text's document when it can run as it is, else null (above). */
  get(query: string): KnownDocument | null {
    const known = this.#entries.get(query);
    if (known !== undefined) return known;
    const entry = this.#prepare(query);
    if (this.#entries.size >= this.max) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(query, entry);
    return entry;
  }

  get size(): number {
    return this.#entries.size;
  }

  #prepare(query: string): KnownDocument | null {
    let document: DocumentNode;
    try {
      assertTokensWithin(query, this.limits);
      document = parse(query);
    } catch {
      return null;
    }
    if (validate(this.schema, document, this.#rules).length > 0 || needsMoreThanExecution(document)) return null;
    return new KnownDocument(document);
  }
}

export class KnownDocument {
  readonly #operations = new Map<string, OperationDefinitionNode | null>();

  constructor(readonly document: DocumentNode) {}

  /** The query or mutation the request names (or the only one), else null (a subscription too: not over HTTP). */
  operation(name: string | undefined): OperationDefinitionNode | null {
    const key = name ?? '';
    let operation = this.#operations.get(key);
    if (operation === undefined) {
      const found = getOperationAST(this.document, name);
      operation = found && found.operation !== 'subscription' ? found : null;
      // Names a client makes up would grow the map: only the document's own are remembered.
      if (operation || name === undefined) this.#operations.set(key, operation);
    }
    return operation;
  }
}

/** Introspection, or a directive that asks for incremental delivery. */
function needsMoreThanExecution(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
    Directive(node) {
      if (node.name.value === 'defer' || node.name.value === 'stream') {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found || document.definitions.some((definition) => definition.kind !== Kind.OPERATION_DEFINITION && definition.kind !== Kind.FRAGMENT_DEFINITION);
}
