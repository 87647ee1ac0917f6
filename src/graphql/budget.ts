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

/** What a transport gives each operation (`GraphQLContext.signal`), and ends once it is done. */
export interface OperationSignal {
  readonly signal: AbortSignal;
  /** Stops the operation now (e.g. its client went away); a later call changes nothing. */
  stop(reason: string): void;
  /** The operation finished: clears the timer. */
  done(): void;
}

/**
 * A signal that aborts after `budgetMs` (null: never by itself, e.g. a subscription, which
 * lives as long as its client wants), or when `stop` is called.
 */
export function operationSignal(budgetMs: number | null): OperationSignal {
  const controller = new AbortController();
  const stop = (reason: string) => {
    if (!controller.signal.aborted) controller.abort(new OperationStoppedError(reason));
  };
  const timer = budgetMs === null ? null : setTimeout(() => stop(`The operation took longer than its budget of ${budgetMs} ms and was stopped`), budgetMs);
  // A pending budget must never keep the process alive on its own.
  timer?.unref?.();
  return {
    signal: controller.signal,
    stop,
    done: () => {
      if (timer) clearTimeout(timer);
    },
  };
}

interface WithSignal {
  signal?: AbortSignal;
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
