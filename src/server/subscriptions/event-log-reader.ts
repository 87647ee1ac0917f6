import type { Store } from '../../core/index.js';

/**
 * The part of the store the live feed reads: the durable, commit-ordered event log (written by
 * src/store's EventLog).
 *
 * The feed relies on one property of the store contract: positions (`sequence`) strictly increase
 * in the order readers may see them, so once `readEvents(n, …)` has returned an event at m, no
 * event with a position between n and m can appear later; and `lastEventSequence()` answers a
 * position no later event can fall at or below. That is what makes "read after the last position
 * I have" a complete, gap-free way to follow the log. Positions need not be consecutive, and a
 * wake-up may name one that is not readable yet (the feed then re-reads shortly: event-feed.ts).
 */
export type EventLogReader = Pick<Store, 'readEvents' | 'lastEventSequence'>;
