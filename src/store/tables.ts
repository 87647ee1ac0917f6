import { Configuration, MetadataDiscovery, MetadataStorage } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { AgentProfile, DelegationGrant } from '../core/types.js';
import type { StoredApiKey } from '../core/api-keys.js';
import type { McpSession } from '../core/mcp-sessions.js';
import {
  AgentEntity,
  ApiKeyEntity,
  ENTITIES,
  EventEntity,
  GrantEntity,
  McpSessionEntity,
  TaskEntity,
  WebhookDeliveryEntity,
  WebhookEntity,
  type EventRow,
  type TaskRow,
  type WebhookDeliveryRow,
  type WebhookRow,
} from './entities.js';
import { Table } from './table.js';

/**
 * The store's tables, described by their entities (entities.ts) and qualified with the schema
 * when one is chosen. The connections also put that schema on their search path (for the
 * migrations), but PGlite is one shared session where any client could change it, so the
 * store's SQL never relies on it.
 */
export interface Tables {
  agents: Table<AgentProfile>;
  tasks: Table<TaskRow>;
  grants: Table<DelegationGrant>;
  events: Table<EventRow>;
  apiKeys: Table<StoredApiKey>;
  webhooks: Table<WebhookRow>;
  webhookDeliveries: Table<WebhookDeliveryRow>;
  mcpSessions: Table<McpSession>;
}

/** From the metadata of a running ORM, or else discovered once from the entities (no connection needed). */
export function tablesIn(schema: string | undefined, metadata: MetadataStorage = discovered()): Tables {
  return {
    agents: Table.of(metadata.get<AgentProfile>(AgentEntity.meta.className), schema),
    tasks: Table.of(metadata.get<TaskRow>(TaskEntity.meta.className), schema),
    grants: Table.of(metadata.get<DelegationGrant>(GrantEntity.meta.className), schema),
    events: Table.of(metadata.get<EventRow>(EventEntity.meta.className), schema),
    apiKeys: Table.of(metadata.get<StoredApiKey>(ApiKeyEntity.meta.className), schema),
    webhooks: Table.of(metadata.get<WebhookRow>(WebhookEntity.meta.className), schema),
    webhookDeliveries: Table.of(metadata.get<WebhookDeliveryRow>(WebhookDeliveryEntity.meta.className), schema),
    mcpSessions: Table.of(metadata.get<McpSession>(McpSessionEntity.meta.className), schema),
  };
}

let storage: MetadataStorage | null = null;

function discovered(): MetadataStorage {
  if (storage === null) {
    const config = new Configuration(
      { driver: PostgreSqlDriver, entities: ENTITIES, dbName: 'unused' },
      false,
    );
    storage = new MetadataDiscovery(MetadataStorage.init(), config.getDriver().getPlatform(), config).discoverSync();
  }
  return storage;
}
