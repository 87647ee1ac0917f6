/**
 * Tells other replicas that the event log grew, without making writers wait for each other.
 *
 * A NOTIFY inside the writing transaction would be simplest, but PostgreSQL serialises the
 * commits of notifying transactions (a database-wide lock taken before commit and held until it
 * is durable, so the notification queue follows commit order): every write would queue behind
 * the previous one's WAL flush, and group commit could never help. Measured with 32 writers: 1,460
 * writes/s with the NOTIFY in the write statement, against ~5,800 plain UPDATEs/s.
 *
 * So a write only hints its position here after it committed (and only when some replica listens:
 * wake-presence.ts), and this sends at most one NOTIFY
 * at a time, on its own: hints arriving while one is in flight are merged into the next, which
 * carries the highest position. Nothing waits for it on the request path. Notifications stay
 * wake-ups only (the feed reads the log): one lost to a crash between the commit and the NOTIFY
 * delays other replicas until their safety poll, never loses an event.
 */
export class CommitNotifier {
  private highest = 0;
  private sent = 0;
  private sending: Promise<void> | null = null;

  constructor(
    /** Sends one NOTIFY carrying `position`. */
    private readonly send: (position: number) => Promise<void>,
    /** A failed NOTIFY (not retried: the next write or the readers' safety poll covers it). */
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** A write committed events up to `position`. */
  hint(position: number): void {
    if (position > this.highest) this.highest = position;
    if (!this.sending && this.highest > this.sent) this.sending = this.flush();
  }

  private async flush(): Promise<void> {
    try {
      while (this.highest > this.sent) {
        const position = this.highest;
        await this.send(position);
        this.sent = position;
      }
    } catch (error) {
      this.sent = this.highest; // dropped: see onError
      this.onError(error);
    } finally {
      this.sending = null;
    }
  }
}
