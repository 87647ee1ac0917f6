import { StreamEndedError } from '../../core/index.js';

// How a subscription's stream ends early: the error says where to resume, so nothing is lost.

/** The consumer read slower than events arrived and its bounded buffer filled up. */
export function overflowError(resumeAfter: number, maxBuffered: number): StreamEndedError {
  return new StreamEndedError(
    'SUBSCRIPTION_OVERFLOW',
    resumeAfter,
    `Subscription ended: the client fell more than ${maxBuffered} events behind. ` +
      `Resubscribe with after: "${resumeAfter}" to continue without losing events.`,
  );
}

/** Reading the log failed (database unreachable, …) while this subscription needed it. */
export function interruptedError(resumeAfter: number, cause: unknown): StreamEndedError {
  return new StreamEndedError(
    'SUBSCRIPTION_INTERRUPTED',
    resumeAfter,
    `Subscription ended: the event log could not be read. ` +
      `Resubscribe with after: "${resumeAfter}" to continue without losing events.`,
    { cause },
  );
}
