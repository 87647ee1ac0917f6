import type { AgentStack } from '../../core/index.js';
import type { WakeSource } from './wake-source.js';

/**
 * Wake-ups from this process's own AgentStack. Right for the embedded database (PGlite is one
 * session, so NOTIFY does not reach a second connection, and only this process writes to it);
 * on PostgreSQL the NOTIFY source covers these writes and the other replicas' too.
 */
export class InProcessWakeSource implements WakeSource {
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly agentStack: Pick<AgentStack, 'on'>) {}

  async start(wake: (sequence?: number) => void): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = this.agentStack.on((event) => wake(event.sequence));
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}
