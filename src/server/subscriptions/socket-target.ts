import type { ExecutionResult, GraphQLError, GraphQLFormattedError } from 'graphql';
import type { WebSocket } from 'ws';
import type { DeliveryTarget } from './shared-delivery.js';

/** Formats a result's errors for the operation `id` of a connection (its request id, masking): one function per server. */
export type OperationErrorFormatter<Connection> = (errors: readonly GraphQLError[], connection: Connection, id: string) => GraphQLFormattedError[];

/**
 * A subscription's events go to its connection's socket. A class, not an object of closures: one
 * is held per open subscription, and per-instance functions cost far more (a bundle that keeps
 * function names gives each closure a property store of its own).
 */
export class SocketTarget<Connection extends { socket: WebSocket }> implements DeliveryTarget {
  constructor(
    private readonly connection: Connection,
    readonly id: string,
    readonly callerKey: string,
    private readonly formatErrors: OperationErrorFormatter<Connection>,
  ) {}

  /** Resolves once the socket has taken the message (as graphql-ws's own sends do); nothing is sent on a closing socket. */
  send(message: string): Promise<void> {
    const { socket } = this.connection;
    return new Promise((resolve, reject) => {
      if (socket.readyState !== socket.OPEN) return resolve();
      socket.send(message, (error) => (error ? reject(error) : resolve()));
    });
  }

  payloadWithErrors(result: ExecutionResult): unknown {
    const { errors, ...rest } = result;
    return errors?.length ? { ...rest, errors: this.formatErrors(errors, this.connection, this.id) } : rest;
  }
}
