import { existsSync, readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { Kind, parse, type ObjectTypeDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { agentStackManifest, agentStackPlugin } from '../../src/core/manifest.js';
import { EVENT_TYPE_VALUES } from '../../src/graphql/enums.js';
import { SCHEMA_FILE } from '../../src/graphql/type-defs.js';
import { startServer, type RunningServer } from '../subscriptions/helpers/servers.js';
import { openTarget, type OpenedDatabase } from '../helpers/databases.js';
import { runsOn } from '../helpers/targets.js';

// LogicSRC's registry schema: the copy in shared/ when present (the live contract), else ours.
const shared = new URL('../../../shared/schemas/logicsrc-plugin.schema.json', import.meta.url);
const vendored = new URL('../../schemas/logicsrc-plugin.schema.json', import.meta.url);
const schema = JSON.parse(readFileSync(existsSync(shared) ? shared : vendored, 'utf8'));

/** schema.graphql, the public contract the manifest advertises. */
const contract = parse(readFileSync(SCHEMA_FILE, 'utf8'));
const objectType = (name: string) =>
  contract.definitions.find((d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === name);
const fieldsOf = (name: string) => new Set(objectType(name)?.fields?.map((field) => field.name.value) ?? []);

/**
 * Where each capability the manifest claims is served: a mutation, or a Task field that links the
 * CoinPay entity. The point of the table: a capability without an operation behind it fails.
 */
const CAPABILITY_SERVED_BY: Record<string, { type: string; field: string }> = {
  'agents.register': { type: 'Mutation', field: 'registerAgent' },
  'agents.delegate': { type: 'Mutation', field: 'delegate' },
  'tasks.create': { type: 'Mutation', field: 'createTask' },
  'tasks.assign': { type: 'Mutation', field: 'assignTask' },
  'tasks.update': { type: 'Mutation', field: 'updateTaskStatus' },
  'tasks.publish': { type: 'Mutation', field: 'publishTask' },
  'reputation.sync': { type: 'Task', field: 'reputationEvent' },
  'payments.link': { type: 'Task', field: 'paymentIntent' },
  'escrow.link': { type: 'Task', field: 'escrow' },
};

// Needs no database: the server part runs on the in-memory store.
describe.runIf(runsOn('memory'))('the LogicSRC plugin manifest', () => {
  const validate = new Ajv2020.default({ strict: true }).compile(schema);

  it('validates against the LogicSRC plugin schema, which really rejects a broken one', () => {
    const valid = validate(JSON.parse(JSON.stringify(agentStackManifest)));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(validate({ ...agentStackManifest, capabilities: ['Tasks'] })).toBe(false);
    expect(validate({ ...agentStackManifest, extra: true })).toBe(false);
  });

  it.each(agentStackManifest.capabilities.map((capability) => [capability]))('capability %s is served by the schema', (capability) => {
    const servedBy = CAPABILITY_SERVED_BY[capability];
    expect(servedBy, `no operation known for ${capability}`).toBeDefined();
    expect(fieldsOf(servedBy!.type)).toContain(servedBy!.field);
  });

  it('advertises exactly the events the schema delivers, and a TUI panel over real Task fields and events', () => {
    const delivered = Object.values(EVENT_TYPE_VALUES);
    const enumValues = contract.definitions.flatMap((d) =>
      d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === 'AgentStackEventType' ? (d.values ?? []).map((v) => v.name.value) : [],
    );
    expect(enumValues.map((name) => EVENT_TYPE_VALUES[name as keyof typeof EVENT_TYPE_VALUES])).toEqual(delivered);
    expect([...agentStackPlugin.events].sort()).toEqual([...delivered].sort());
    const taskFields = fieldsOf('Task');
    for (const column of agentStackPlugin.tui.panel.columns) expect(taskFields).toContain(column);
    for (const type of agentStackPlugin.tui.panel.subscribesTo) expect(delivered).toContain(type);
  });

  describe('against a running server', () => {
    let opened: OpenedDatabase;
    let server: RunningServer;
    beforeAll(async () => {
      opened = await openTarget('memory');
      server = await startServer(opened);
    });
    afterAll(async () => {
      await server?.close();
      await opened?.close();
    });

    it('every route it lists answers there', async () => {
      const origin = server.url.replace(/\/graphql$/, '');
      for (const route of agentStackPlugin.routes) {
        if (route.method === 'GET' && route.path === '/graphql') {
          // The GET route is the graphql-ws upgrade: a client gets a result through it.
          const client = createClient({
            url: `${origin.replace(/^http/, 'ws')}${route.path}`,
            webSocketImpl: WebSocket,
            retryAttempts: 0,
            connectionParams: { 'x-agentstack-did': 'did:coinpay:user:manifest-check' },
          });
          try {
            const result = await new Promise((resolve, reject) => {
              client.subscribe({ query: '{ __typename }' }, { next: resolve, error: reject, complete: () => {} });
            });
            expect(result).toEqual({ data: { __typename: 'Query' } });
          } finally {
            await client.dispose();
          }
          continue;
        }
        const response = await fetch(`${origin}${route.path}`, {
          method: route.method,
          ...(route.method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' } : {}),
        });
        expect(response.status, `${route.method} ${route.path}`).toBe(200);
      }
    });

    it('every permission it lists is a scope an owner can grant', async () => {
      const { agentStack } = opened;
      const agent = 'did:coinpay:agent:manifest-check';
      const owner = { actorDid: 'did:coinpay:user:manifest-owner' };
      await agentStack.registerAgent({ did: agent, name: 'Manifest check', sourceApp: 'test' }, { actorDid: agent });
      for (const { scope } of agentStackPlugin.permissions) {
        const grant = await agentStack.delegate({ ownerDid: owner.actorDid, agentDid: agent, scopes: [scope] }, owner);
        expect(await agentStack.hasDelegation(grant.ownerDid, agent, scope, null, owner)).toBe(true);
      }
    });
  });
});
