import {
  BREAK,
  getOperationAST,
  getVariableValues,
  parse,
  specifiedRules,
  validate,
  visit,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { loadOnce } from '../core/load-once.js';
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

  #prepare(query: string): KnownDocument | null {
    let document: DocumentNode;
    try {
      assertTokensWithin(query, this.limits);
      document = parse(query);
    } catch {
      return null;
    }
    if (validate(this.schema, document, this.#rules).length > 0 || needsMoreThanExecution(document)) return null;
    return new KnownDocument(this.schema, document);
  }
}

/** Runs one operation of a known document: with its variables as the client sent them (coerced here). */
export type CompiledOperation = (context: unknown, variables: Record<string, unknown> | undefined) => ExecutionResult | Promise<ExecutionResult>;

export class KnownDocument {
  readonly #operations = new Map<string, OperationDefinitionNode | null>();
  /** By operation name: how often it was asked for, then (from the second time) its compiled form. */
  readonly #compiled = new Map<string, number | CompiledOperation | null>();

  constructor(
    private readonly schema: GraphQLSchema,
    readonly document: DocumentNode,
  ) {}

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

  /**
   * The operation compiled to JavaScript (graphql-jit: no per-field argument coercion, no
   * generic walk of the selection set; a small read's execution in a third of graphql-js's CPU,
   * 1,000 `_entities` in a quarter), from its second run on: a document sent once is not worth
   * compiling, and a client making up documents must not make the server compile each. Null the
   * first time, until graphql-jit is loaded (compiler, below), and for an operation it cannot
   * compile: graphql-js's `execute` runs it then (the answers are the same:
   * test/server/graphql-direct.test.ts).
   */
  compiled(operation: OperationDefinitionNode): CompiledOperation | null {
    const key = operation.name?.value ?? '';
    const known = this.#compiled.get(key);
    if (typeof known === 'function' || known === null) return known;
    const jit = compiler();
    if (known === undefined || !jit) {
      this.#compiled.set(key, 1);
      return null;
    }
    const { compileQuery, isCompiledQuery } = jit;
    const compiled = compileQuery(this.schema, this.document, operation.name?.value);
    const definitions = operation.variableDefinitions ?? [];
    const run: CompiledOperation | null = !isCompiledQuery(compiled)
      ? null
      : (context, variables) => {
          const result = compiled.query(undefined, context, variables ?? {});
          // Variables that do not coerce (the compiled query answers no `data` at all) are refused
          // in graphql-js's words, as `execute` refuses them (graphql-jit words its messages
          // otherwise and marks no variable node). Coerced once otherwise: a valid call pays no
          // second coercion (with 1,000 `_entities` representations, not a small cost).
          if (definitions.length > 0 && !(result instanceof Promise) && !('data' in result) && result.errors?.length) {
            const coerced = getVariableValues(this.schema, definitions, variables ?? {}, { maxErrors: 50 });
            if (coerced.errors) return { errors: coerced.errors };
          }
          return result;
        };
    this.#compiled.set(key, run);
    return run;
  }
}

type Jit = typeof import('graphql-jit');
const loadJit = loadOnce(() => import('graphql-jit'));
let jit: Jit | null = null;

/**
 * graphql-jit once loaded, else null after starting to load it: it is loaded on the first
 * request that could use it, not at start-up (~0.1 s of imports), and until it is there
 * operations run on graphql-js. (A failed load is tried again by a later request.)
 */
function compiler(): Jit | null {
  if (!jit) loadJit().then((loaded) => void (jit = loaded), () => {});
  return jit;
}

/** Loads graphql-jit now (tests that must see compiled runs wait for it). */
export async function loadCompiler(): Promise<void> {
  jit = await loadJit();
}

/** Introspection, or a directive that asks for incremental delivery (validation already refused anything but operations and fragments). */
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
  return found;
}
