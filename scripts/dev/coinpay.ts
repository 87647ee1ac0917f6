import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { startDevSubgraph, type DevSubgraph } from './subgraph.js';

/**
 * An example CoinPay subgraph: payment intents, escrows and reputation events, the entities
 * AgentStack's tasks reference by id (`Task.paymentIntent`, `escrow`, `reputationEvent`), each
 * linking back to its Task. Data lives in memory; nothing is charged.
 */
export const COINPAY_SDL = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.0", import: ["@key"])

  "A CoinPay payment intent: what a task pays its agent."
  type PaymentIntent @key(fields: "id") {
    id: ID!
    amount: Float!
    currency: String!
    status: String!
    task: Task
  }

  "Funds held until a task is done."
  type Escrow @key(fields: "id") {
    id: ID!
    amount: Float!
    released: Boolean!
  }

  "A change to an agent's reputation."
  type ReputationEvent @key(fields: "id") {
    id: ID!
    delta: Int!
    reason: String!
  }

  type Task @key(fields: "id", resolvable: false) {
    id: ID!
  }

  type Query {
    paymentIntent(id: ID!): PaymentIntent
    paymentIntents: [PaymentIntent!]!
  }
`;

export interface PaymentIntentRecord {
  id: string;
  amount: number;
  currency: string;
  status: string;
  taskId: string | null;
}

export interface CoinPayData {
  paymentIntents: PaymentIntentRecord[];
  escrows: { id: string; amount: number; released: boolean }[];
  reputationEvents: { id: string; delta: number; reason: string }[];
}

/** COINPAY_SDL's resolvers over `data` (also what the supergraph tests' CoinPay serves). */
export function coinPayResolvers(data: CoinPayData): GraphQLResolverMap<unknown> {
  const intent = (id: string) => data.paymentIntents.find((p) => p.id === id) ?? null;
  return {
    Query: {
      paymentIntent: (_root: unknown, { id }: { id: string }) => intent(id),
      paymentIntents: () => data.paymentIntents,
    },
    PaymentIntent: {
      __resolveReference: ({ id }: { id: string }) => intent(id),
      task: (payment: PaymentIntentRecord) => (payment.taskId ? { id: payment.taskId } : null),
    },
    Escrow: { __resolveReference: ({ id }: { id: string }) => data.escrows.find((e) => e.id === id) ?? null },
    ReputationEvent: { __resolveReference: ({ id }: { id: string }) => data.reputationEvents.find((r) => r.id === id) ?? null },
  };
}

export function startCoinPay(data: CoinPayData, port: number): Promise<DevSubgraph> {
  return startDevSubgraph('coinpay', COINPAY_SDL, coinPayResolvers(data), port);
}
