import type { Store } from '../../core/index.js';

/**
 * The part of the store the live feed reads: the durable, commit-ordered event log (written by
 * src/store's EventLog).
 *
 * The feed relies on one property of the store contract: sequences strictly increase in
 * commit order, so once `readEvents(n, …)` has returned an event numbered m, no event with a
 * number between n and m can appear later. That is what makes "read after the last sequence
 * I have" a complete, gap-free way to follow the log.
 */
export type EventLogReader = Pick<Store, 'readEvents' | 'lastEventSequence'>;
