import { Router } from 'express';

/** Anything that can tell whether the database answers (src/store's Database has `ping`). */
export interface ReadinessProbe {
  ping(): Promise<void>;
}

/** Bounded so a hung database makes /ready fail instead of hang. */
const READY_TIMEOUT_MS = 2_000;

/**
 * `/health`: liveness, the process answers (no database, no identity: orchestrators and
 * routers call it unauthenticated), with counts worth watching (open subscriptions, refusals).
 * `/ready`: the database answers too, and the server is not shutting down (503 otherwise): as
 * soon as shutdown begins, load balancers stop sending new work while in-flight work drains.
 */
export function healthRoutes(
  database: ReadinessProbe | null,
  details: () => Record<string, unknown> = () => ({}),
  draining: () => boolean = () => false,
): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', ...details() });
  });
  router.get('/ready', async (_req, res) => {
    if (draining()) {
      res.status(503).json({ status: 'draining' });
      return;
    }
    if (!database) {
      res.json({ status: 'ready', database: 'none' });
      return;
    }
    try {
      await withTimeout(database.ping(), READY_TIMEOUT_MS);
      res.json({ status: 'ready', database: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable', database: 'unreachable' });
    }
  });
  return router;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
