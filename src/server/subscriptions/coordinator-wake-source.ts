import type { AgentStack } from '../../core/index.js';
import type { WakeSource } from './wake-source.js';

/**
 * Wake-ups from this process's own coordinator. Right for the embedded database (PGlite is one
 * session, so NOTIFY does not reach a second connection, and only this process writes to it);
 * on PostgreSQL the NOTIFY source covers these writes and the other replicas' too.
 */
export class CoordinatorWakeSource implements WakeSource {
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly coordinator: Pick<AgentStack, 'on'>) {}

  async start(wake: (sequence?: number) => void): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = this.coordinator.on((event) => wake(event.sequence));
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}
