import { defaultFieldResolver, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { OperationStoppedError } from '../core/index.js';

/**
 * The execution budget: an operation whose time is up, or whose client has gone, stops.
 *
 * graphql-js cannot interrupt a resolver that is running, but every field starts by calling its
 * resolver. So each resolver of the schema is wrapped to check the operation's signal first: once
 * it is aborted, no further resolver runs, no further SQL is sent, and the fields still pending
 * fail with TIMEOUT. A statement already sent is bounded by the database's statement_timeout.
 * The fields that are resolved by reading a property (no resolver of ours) are not wrapped: they
 * do no work, and wrapping them would cost every field of every response.
 */

/**
 * What a resolver checks before it runs (`GraphQLContext.signal`): an AbortSignal is one (a
 * graphql-ws connection's subscriptions share a controller's), and so is an operation's budget.
 */
export interface StopSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
}

/** What a transport gives each operation (`GraphQLContext.signal`), and ends once it is done. */
export interface OperationSignal {
  readonly signal: StopSignal;
  /** Stops the operation now (e.g. its client went away); a later call changes nothing. */
  stop(reason: string): void;
  /** The operation finished: nothing stops it any more. */
  done(): void;
}

/**
 * A signal that is aborted once `budgetMs` have passed (null: never by itself, e.g. a
 * subscription, which lives as long as its client wants), or once `stop` is called.
 *
 * A deadline compared when a resolver asks, not a timer and an AbortController: nothing but the
 * resolvers' check reads it, and an AbortController (an EventTarget) and a timer per request were
 * ~2% of a small read's server CPU. `now` is injected for tests.
 */
export function operationSignal(budgetMs: number | null, now: () => number = Date.now): OperationSignal {
  return new OperationBudget(budgetMs, now);
}

/**
 * The operation and its signal in one object. A class, not an object literal with getters: a
 * literal's getters are new closures per request, and accessors of their own give each object a
 * hidden class of its own, which V8 keeps until a full collection (logging.ts, requestLog).
 */
class OperationBudget implements OperationSignal, StopSignal {
  readonly #deadline: number;
  #reason: OperationStoppedError | undefined;
  #finished = false;

  constructor(
    private readonly budgetMs: number | null,
    private readonly now: () => number,
  ) {
    this.#deadline = budgetMs === null ? Infinity : now() + budgetMs;
  }

  get signal(): StopSignal {
    return this;
  }

  get aborted(): boolean {
    if (this.#reason === undefined && this.now() >= this.#deadline) this.stop(`The operation took longer than its budget of ${this.budgetMs} ms and was stopped`);
    return this.#reason !== undefined;
  }

  get reason(): unknown {
    return this.#reason;
  }

  stop(why: string): void {
    if (!this.#finished) this.#reason ??= new OperationStoppedError(why);
  }

  done(): void {
    this.#finished = true;
  }
}

interface WithSignal {
  signal?: StopSignal;
}

/** Wraps every resolver of `schema` (in place) to stop once the context's signal is aborted. */
export function enforceBudget<S extends GraphQLSchema>(schema: S): S {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (!field.resolve || field.resolve === defaultFieldResolver) continue;
      field.resolve = checked(field.resolve);
    }
  }
  return schema;
}

function checked(resolve: GraphQLFieldResolver<unknown, unknown>): GraphQLFieldResolver<unknown, unknown> {
  return (source, args, context, info) => {
    const signal = (context as WithSignal | undefined)?.signal;
    if (signal?.aborted) throw signal.reason instanceof OperationStoppedError ? signal.reason : new OperationStoppedError('The operation was stopped');
    return resolve(source, args, context, info);
  };
}
