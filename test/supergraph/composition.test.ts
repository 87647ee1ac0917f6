/**
 * AgentStack is one subgraph among other teams' subgraphs: its SDL, exactly as `npm run print-sdl`
 * prints it, must compose (@apollo/composition, as rover and GraphOS compose) with siblings that
 * use the standard Relay `PageInfo`, that have events of their own (`Query.events`, an enum
 * `EventType`), and with the users subgraph keying `User` by `did`.
 */
import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { isObjectType, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildAgentStackSchema } from '../../src/graphql/schema.js';

const AGENTSTACK = printSubgraphSchema(buildAgentStackSchema());

/** A payments subgraph as CoinPay might write it: Relay pagination and its own event history. */
const PAYMENTS = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable"])

  type PageInfo @shareable {
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
    endCursor: String
  }

  enum EventType {
    PAYMENT_CREATED
    PAYMENT_SETTLED
    PAYMENT_REFUNDED
  }

  type PaymentEvent {
    id: ID!
    type: EventType!
  }

  input EventFilter {
    types: [EventType!]
  }

  type PaymentIntent @key(fields: "id") {
    id: ID!
    amount: Float!
  }

  type PaymentIntentEdge {
    cursor: String!
    node: PaymentIntent!
  }

  type PaymentIntentConnection {
    edges: [PaymentIntentEdge!]!
    pageInfo: PageInfo!
  }

  type Query {
    events(filter: EventFilter, first: Int, after: String): [PaymentEvent!]!
    paymentIntents(first: Int, after: String, last: Int, before: String): PaymentIntentConnection!
  }

  type Subscription {
    events: PaymentEvent!
  }
`;

/** The users subgraph: it owns `User`, and must key it by `did` for AgentStack's `User` to join. */
const USERS = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])

  type User @key(fields: "did") {
    did: ID!
    displayName: String!
  }

  type Query {
    me: User
  }
`;

function compose(...subgraphs: [string, string][]) {
  return composeServices(subgraphs.map(([name, sdl]) => ({ name, url: `http://${name}.invalid/graphql`, typeDefs: parse(sdl) })));
}

describe('composition with other teams\' subgraphs', () => {
  it('composes with a sibling that has the standard Relay PageInfo and its own Query.events / EventType', () => {
    const result = compose(['agentstack', AGENTSTACK], ['payments', PAYMENTS]);
    expect(result.errors?.map((error) => error.message)).toBeUndefined();
    const api = result.schema!.toAPISchema().toGraphQLJSSchema();
    const query = api.getQueryType()!.getFields();
    expect(Object.keys(query)).toEqual(expect.arrayContaining(['events', 'agentStackEvents', 'paymentIntents', 'tasks']));
    expect(Object.keys(api.getSubscriptionType()!.getFields())).toEqual(expect.arrayContaining(['events', 'agentStackEvents', 'taskStatusChanged']));
    expect(api.getType('EventType')).toBeDefined();
    expect(api.getType('AgentStackEventType')).toBeDefined();
  });

  it('composes with the users subgraph keying User by did, and the three together', () => {
    expect(compose(['agentstack', AGENTSTACK], ['users', USERS]).errors).toBeUndefined();
    expect(compose(['agentstack', AGENTSTACK], ['users', USERS], ['payments', PAYMENTS]).errors).toBeUndefined();
  });

  it('does not compose with a users subgraph that keys User by id only (why docs/gateways.md asks for did)', () => {
    const byId = USERS.replace('@key(fields: "did")', '@key(fields: "id")').replace('did: ID!', 'id: ID!\n    did: ID!');
    const errors = compose(['agentstack', AGENTSTACK], ['users', byId]).errors ?? [];
    expect(errors.length).toBeGreaterThan(0);
  });

  it('declares demand control: every connection is sized by first/last, expensive fields carry a cost', () => {
    const result = compose(['agentstack', AGENTSTACK], ['payments', PAYMENTS]);
    const supergraph = result.supergraphSdl!;
    expect(supergraph).toContain('@link(url: "https://specs.apollo.dev/cost/v0.1"');
    const schema = buildAgentStackSchema();
    const connectionFields = Object.values(schema.getTypeMap()).flatMap((type) =>
      isObjectType(type) && !type.name.startsWith('__')
        ? Object.values(type.getFields()).filter((field) => String(field.type).replace(/!$/, '').endsWith('Connection'))
        : [],
    );
    expect(connectionFields.length).toBeGreaterThanOrEqual(8);
    for (const field of connectionFields) {
      const listSize = field.astNode?.directives?.find((directive) => directive.name.value === 'listSize');
      expect(listSize, `${field.name} declares @listSize`).toBeDefined();
      const argumentNames = field.args.map((argument) => argument.name);
      expect(argumentNames).toEqual(expect.arrayContaining(['first', 'after', 'last', 'before']));
    }
  });
});
