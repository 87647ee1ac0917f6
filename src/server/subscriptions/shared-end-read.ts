import type { EventLogReader } from './event-log-reader.js';

/**
 * The log's end, for subscribes: one read at a time, shared by every subscribe that asked while
 * it was queued (a burst of 10,000 subscribes makes a handful of reads, not 10,000 queued on the
 * pool). A caller never gets an answer read before it asked (it joins the next read, not the one
 * in flight), so "from now" still means from its own call on.
 */
export class SharedEndRead {
  /** The read in flight, and the one queued behind it. */
  private current: Promise<number> | null = null;
  private next: Promise<number> | null = null;

  constructor(private readonly log: Pick<EventLogReader, 'lastEventSequence'>) {}

  read(): Promise<number> {
    if (!this.current) {
      this.current = this.log.lastEventSequence().finally(() => {
        this.current = null;
      });
      return this.current;
    }
    this.next ??= this.current
      .catch(() => undefined)
      .then(() => {
        this.next = null;
        return this.read();
      });
    return this.next;
  }
}
