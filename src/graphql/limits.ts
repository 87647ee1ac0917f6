import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  GraphQLError,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  Kind,
  Lexer,
  Source,
  TokenKind,
  type DocumentNode,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { LIMITS } from '../core/validation.js';
import type { ErrorCode } from '../core/protocol.js';

/**
 * What one operation may ask, checked before anything executes (no resolver runs, no SQL is
 * sent), over HTTP and graphql-ws alike. A query nested 30 deep, or a thousand aliases of a
 * 500-item page, is refused with QUERY_TOO_COMPLEX instead of exhausting the process.
 *
 * The cost estimates the work: every field costs 1, and a field that returns a page or a list
 * costs its children as many times as it can return items — `first` (default 50, at most 500)
 * for the paged fields, the number of representations for `_entities`, an assumed 20 for the
 * unpaged lists (a parent's grants). A page's own `edges` / `events` are not counted twice.
 */
export interface OperationLimits {
  /** Nested selections, fragments included. */
  depth: number;
  aliases: number;
  /** Fields at the root of the operation. */
  rootFields: number;
  /** Lexical tokens of the document (checked while parsing, so a huge document is not even parsed whole). */
  tokens: number;
  directives: number;
  /** The estimated cost (above), with the operation's variables. */
  cost: number;
  /**
   * Milliseconds a query or mutation may execute; then its pending fields fail with TIMEOUT and
   * no further resolver runs (budget.ts). Subscriptions live as long as their client wants.
   */
  executionMs: number;
}

/** Every query and subscription of the test suite and the documentation fits far below these. */
export const DEFAULT_OPERATION_LIMITS: Readonly<OperationLimits> = Object.freeze({
  depth: 12,
  aliases: 30,
  rootFields: 30,
  tokens: 5_000,
  directives: 30,
  cost: 50_000,
  executionMs: 10_000,
});

/** An unpaged list of objects is assumed to hold this many. */
const ASSUMED_LIST_SIZE = 20;

const CODE: ErrorCode = 'QUERY_TOO_COMPLEX';

/** The static limits as validation rules (depth, aliases, directives, root fields). */
export function limitRules(limits: OperationLimits): ValidationRule[] {
  const report = { propagateOnRejection: false, exposeLimits: true, onReject: [reportTooComplex] };
  return [
    maxDepthRule({ n: limits.depth, flattenFragments: true, ...report }),
    maxAliasesRule({ n: limits.aliases, ...report }),
    maxDirectivesRule({ n: limits.directives, ...report }),
    rootFieldsRule(limits.rootFields),
  ];
}

/** The estimated cost of the operation to run; QUERY_TOO_COMPLEX above the limit. */
export function assertCostWithin(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
  limits: OperationLimits,
): number {
  const cost = costOf(schema, document, variables, operationName);
  if (cost > limits.cost) throw tooComplex(`The operation's estimated cost ${cost} is above the limit of ${limits.cost}`);
  return cost;
}

/**
 * The estimate, remembered per parsed document (Apollo Server keeps one DocumentNode per query
 * text) and per `costKey` of the variables: walking the document with the schema was ~6% of a
 * small read's CPU, for the same answer every time. Bounded: at most COSTS_PER_DOCUMENT answers
 * per document, the document's entry going with the document.
 */
const costs = new WeakMap<DocumentNode, { schema: GraphQLSchema; byKey: Map<string, number> }>();
const COSTS_PER_DOCUMENT = 64;

function costOf(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName: string | undefined): number {
  let entry = costs.get(document);
  if (entry?.schema !== schema) costs.set(document, (entry = { schema, byKey: new Map() }));
  const key = `${operationName ?? ''}\u0000${costKey(variables)}`;
  const known = entry.byKey.get(key);
  if (known !== undefined) return known;
  let cost: number;
  try {
    cost = getComplexity({ schema, query: document, variables: variables ?? {}, ...(operationName ? { operationName } : {}), estimators: [estimate] });
  } catch {
    // Variables that do not coerce: the operation will not run, and execution reports them as
    // BAD_USER_INPUT with the details; there is no cost to limit (and nothing is remembered:
    // other values with the same key may coerce).
    return 0;
  }
  if (entry.byKey.size >= COSTS_PER_DOCUMENT) entry.byKey.clear();
  entry.byKey.set(key, cost);
  return cost;
}

/**
 * What of the variables can change the estimate of a given document, and nothing else: a
 * variable reaches the cost only as a slicing argument (`first` / `last`: an Int), a list whose
 * length is counted (`_entities(representations:)`) or the condition of `@include` / `@skip` (a
 * Boolean), and only at the top level (those are arguments of type Int, list or Boolean). So
 * numbers and booleans are kept, lists become their length, and any other value only its kind:
 * two variables objects with the same key have the same cost whenever they coerce.
 */
export function costKey(variables: Record<string, unknown> | undefined): string {
  if (!variables) return '';
  let key = '';
  for (const name in variables) {
    const value = variables[name];
    const kind =
      typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : Array.isArray(value)
          ? `[${value.length}]`
          : value === null
            ? 'null'
            : typeof value;
    // The name quoted: a client's variables may have any keys, and no two objects may share a key.
    key += `${JSON.stringify(name)}:${kind},`;
  }
  return key;
}

/** Whether an error is a refusal by these limits (for transports that pick an HTTP status). */
export function isTooComplex(error: unknown): boolean {
  return error instanceof GraphQLError && error.extensions?.code === CODE;
}

/**
 * The same model a router applies with the schema's demand control directives: a field costs its
 * `@cost(weight:)` (default 1) plus its children times the items it can return — for a field with
 * `@listSize(slicingArguments:)`, the slicing argument given (`first` or `last`; the default page
 * when none), and its `sizedFields` (`edges`) are not counted again.
 */
const estimate: ComplexityEstimator = ({ type, field, args, childComplexity }) =>
  weightOf(field) + childComplexity * itemsOf(type.name, field, args);

function weightOf(definition: GraphQLField<unknown, unknown>): number {
  const weight = directiveArgument(definition, 'cost', 'weight');
  return weight?.kind === Kind.INT ? Number(weight.value) : 1;
}

/** How many times a field's selection can be resolved: the items it can return. */
function itemsOf(parent: string, definition: GraphQLField<unknown, unknown>, args: Record<string, unknown>): number {
  const { name } = definition;
  const slicing = directiveArgument(definition, 'listSize', 'slicingArguments');
  if (slicing?.kind === Kind.LIST) {
    const given = slicing.values.flatMap((value) => (value.kind === Kind.STRING && args[value.value] != null ? [args[value.value]] : []));
    return clamp(given[0], LIMITS.defaultPageSize, LIMITS.maxPageSize);
  }
  if (name === '_entities') return Array.isArray(args.representations) ? args.representations.length : 1;
  // A page's items were counted by the field that returned the page (its @listSize sizedFields).
  if (name === 'edges' && parent.endsWith('Connection')) return 1;
  const nullable = getNullableType(definition.type);
  if (isListType(nullable) && isCompositeType(getNamedType(nullable))) return ASSUMED_LIST_SIZE;
  return 1;
}

/** The value of `@directive(argument:)` on a field's definition in the schema, if written there. */
function directiveArgument(definition: GraphQLField<unknown, unknown>, directive: string, argument: string) {
  return definition.astNode?.directives
    ?.find((node) => node.name.value === directive)
    ?.arguments?.find((node) => node.name.value === argument)?.value;
}

function clamp(value: unknown, fallback: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.max(0, Math.min(Math.floor(value), max));
}

function rootFieldsRule(max: number): ValidationRule {
  return (context: ValidationContext) => ({
    OperationDefinition(operation: OperationDefinitionNode) {
      const count = operation.selectionSet.selections.filter((selection) => selection.kind === Kind.FIELD).length;
      if (count > max) reportTooComplex(context, new GraphQLError(`The operation has ${count} root fields; the limit is ${max}`));
    },
  });
}

function reportTooComplex(context: ValidationContext | null, error: GraphQLError): void {
  context?.reportError(tooComplex(error.message.replace(/^Syntax Error: /, '')));
}

function tooComplex(message: string): GraphQLError {
  // `http` is Apollo Server's: the status of an HTTP response that fails as a whole (protocol.ts).
  return new GraphQLError(message, { extensions: { code: CODE, http: { status: 400 } } });
}

/**
 * The cost limit for Apollo Server, once the operation and its variables are known and before any
 * resolver runs (a refusal answers HTTP 400). The static limits run as `validationRules`
 * (`limitRules`), and the token limit before Apollo parses (`assertTokensWithin`, by the transport).
 */
export function operationCostPlugin(limits: OperationLimits): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          assertCostWithin(schema, document, request.variables, request.operationName ?? undefined, limits);
        },
      };
    },
  };
}

/** Lexes the source up to the limit: QUERY_TOO_COMPLEX past it (a syntax error is left to the parser). */
export function assertTokensWithin(source: string, limits: OperationLimits): void {
  const lexer = new Lexer(new Source(source));
  try {
    for (let count = 0; lexer.advance().kind !== TokenKind.EOF; ) {
      if (++count > limits.tokens) throw tooComplex(`The document has more than ${limits.tokens} tokens`);
    }
  } catch (error) {
    if (isTooComplex(error)) throw error;
  }
}
