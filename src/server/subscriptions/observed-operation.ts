import type { OperationTypeNode } from 'graphql';
import type { Logger } from '../logging.js';
import type { RequestOutcome, RequestScope } from '../request-context.js';

/**
 * One operation of a connection, as it is observed: its request scope (its id, its logger made when
 * it first logs, its outcome), when it started, its type. A class, not an object with a getter
 * closure: one is held per open subscription (a closure, its context and accessor cost ~150 B).
 */
export class ObservedOperation<Connection> implements RequestScope {
  /** When it started (performance.now(), ms). */
  readonly started = performance.now();
  type: OperationTypeNode | null = null;
  /** Its execution started (the context was built): it ends with onComplete, else with its error. */
  executing = false;
  #log: Logger | undefined;

  constructor(
    readonly requestId: string,
    readonly outcome: RequestOutcome,
    private readonly id: string,
    private readonly connection: Connection,
    /** The connection's logger (one function per server, not one per operation). */
    private readonly connectionLog: (connection: Connection) => Logger,
  ) {}

  get log(): Logger {
    return (this.#log ??= this.connectionLog(this.connection).child({ requestId: this.requestId, operationId: this.id }));
  }
}
