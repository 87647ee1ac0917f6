import type { AgentStack } from '../../core/index.js';
import { EVENTS_CHANNEL } from '../../core/protocol.js';
import type { WakePresence } from '../../store/index.js';
import { InProcessWakeSource } from './in-process-wake-source.js';
import { PgNotifyWakeSource } from './pg-notify-wake-source.js';
import type { WakeSource } from './wake-source.js';

/** What a wake source is chosen by: the kind of database, where to LISTEN, and its presence locks. */
export interface WakeDatabase {
  readonly kind: 'embedded' | 'postgres';
  readonly connectionString: string;
  readonly wakePresence?: WakePresence | null;
}

/**
 * The wake source for a database, for the subscriptions and the webhook dispatcher alike: on real
 * PostgreSQL, LISTEN (any replica's writes), holding the presence locks while wanted; on the
 * embedded database, the in-process AgentStack (PGlite is one session: NOTIFY does not reach
 * another connection, and only this process writes to it).
 */
export function wakeSourceFor(database: WakeDatabase, agentStack: AgentStack, onError: (error: unknown) => void): WakeSource {
  return database.kind === 'postgres'
    ? new PgNotifyWakeSource({ connectionString: database.connectionString, channel: EVENTS_CHANNEL, presence: database.wakePresence ?? null, onError })
    : new InProcessWakeSource(agentStack);
}
