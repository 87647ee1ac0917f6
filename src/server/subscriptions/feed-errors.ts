/**
 * Why a feed subscription ended early. Both cases are recoverable by the client: nothing is
 * lost, because the log keeps every event; the client resumes with `after: resumeAfter`.
 */
export type FeedEndCode =
  /** The consumer read slower than events arrived and its bounded buffer filled up. */
  | 'SUBSCRIPTION_OVERFLOW'
  /** Reading the log failed (database unreachable, …) while this subscription needed it. */
  | 'SUBSCRIPTION_INTERRUPTED';

export class FeedEndedError extends Error {
  constructor(
    readonly code: FeedEndCode,
    /** The sequence of the last event this subscription delivered (or its starting cursor). */
    readonly resumeAfter: number,
    message: string,
  ) {
    super(message);
  }

  override get name(): string {
    return 'FeedEndedError';
  }
}

export function overflowError(resumeAfter: number, maxBuffered: number): FeedEndedError {
  return new FeedEndedError(
    'SUBSCRIPTION_OVERFLOW',
    resumeAfter,
    `Subscription ended: the client fell more than ${maxBuffered} events behind. ` +
      `Resubscribe with after: "${resumeAfter}" to continue without losing events.`,
  );
}

export function interruptedError(resumeAfter: number, cause: unknown): FeedEndedError {
  const error = new FeedEndedError(
    'SUBSCRIPTION_INTERRUPTED',
    resumeAfter,
    `Subscription ended: the event log could not be read. ` +
      `Resubscribe with after: "${resumeAfter}" to continue without losing events.`,
  );
  (error as { cause?: unknown }).cause = cause;
  return error;
}
