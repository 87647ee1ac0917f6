/**
 * What the fault suite sends and what it records: every GraphQL call over HTTP with its status,
 * `retry-after`, error codes, `extensions.outcome` and duration (a call is never left without a
 * deadline); loops that stop on request or at a hard deadline; /health and /ready sampling.
 */
import type { GraphQLFormattedError } from 'graphql';
import { sleep } from '../helpers/wait.js';

/** A call that takes longer than this "hangs" (the contract's timeouts answer far sooner). */
export const HANG_BOUND_MS = 6_000;
/** The client gives up on a call after this (recorded as a transport error). */
const CLIENT_TIMEOUT_MS = 15_000;

export interface Call {
  label: string;
  write: boolean;
  /** Date.now() when it was sent. */
  started: number;
  ms: number;
  /** The HTTP status; null when no response came (see transportError). */
  status: number | null;
  retryAfter: string | null;
  /** `extensions.code` of each error, in order. */
  codes: string[];
  /** `extensions.outcome` of each error (undefined when absent). */
  outcomes: (string | undefined)[];
  /** 200, no errors, data present. */
  ok: boolean;
  data: any;
  errors: GraphQLFormattedError[];
  transportError: string | null;
  /** The idempotency key / title of a createTask, to look it up in the database afterwards. */
  key?: string;
}

export interface CallOptions {
  write?: boolean;
  key?: string;
  timeoutMs?: number;
}

/** POSTs one operation; never throws (a failure to get a response is recorded as such). */
export async function call(
  url: string,
  label: string,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string>,
  options: CallOptions = {},
): Promise<Call> {
  const started = Date.now();
  const t0 = performance.now();
  const base = { label, write: options.write ?? false, started, ...(options.key !== undefined ? { key: options.key } : {}) };
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(options.timeoutMs ?? CLIENT_TIMEOUT_MS),
    });
    const text = await response.text();
    const ms = performance.now() - t0;
    let body: { data?: any; errors?: GraphQLFormattedError[] };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      return { ...base, ms, status: response.status, retryAfter: response.headers.get('retry-after'), codes: [], outcomes: [], ok: false, data: null, errors: [], transportError: `not JSON: ${text.slice(0, 200)}` };
    }
    const errors = body.errors ?? [];
    return {
      ...base,
      ms,
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      codes: errors.map((error) => String(error.extensions?.code ?? 'NO_CODE')),
      outcomes: errors.map((error) => (error.extensions?.outcome === undefined ? undefined : String(error.extensions.outcome))),
      ok: response.status === 200 && errors.length === 0 && body.data != null,
      data: body.data ?? null,
      errors,
      transportError: null,
    };
  } catch (error) {
    return {
      ...base,
      ms: performance.now() - t0,
      status: null,
      retryAfter: null,
      codes: [],
      outcomes: [],
      ok: false,
      data: null,
      errors: [],
      transportError: error instanceof Error ? `${error.name}: ${error.message}${error.cause ? ` (${String((error.cause as Error).message ?? error.cause)})` : ''}` : String(error),
    };
  }
}

/** One line per distinct result, with counts: `createTask 200 ok ×40`, `agent 200 INTERNAL_SERVER_ERROR ×3`. */
export function summarize(calls: readonly Call[]): string {
  const counts = new Map<string, number>();
  for (const c of calls) {
    const what = c.ok
      ? 'ok'
      : c.transportError
        ? `transport error: ${c.transportError}`
        : `${c.codes.join(',')}${c.outcomes.some((o) => o !== undefined) ? ` outcome=${c.outcomes.join(',')}` : ''}${c.retryAfter ? ` retry-after=${c.retryAfter}` : ''}`;
    const line = `${c.label} ${c.status ?? '-'} ${what}`;
    counts.set(line, (counts.get(line) ?? 0) + 1);
  }
  return [...counts].map(([line, count]) => `${line} ×${count}`).join('\n') || '(no calls)';
}

/** A call "failed for a passing reason" as the contract has it: SERVICE_UNAVAILABLE, 503, retry-after. */
export function isServiceUnavailable(c: Call): boolean {
  return c.status === 503 && c.retryAfter !== null && c.codes.length > 0 && c.codes.every((code) => code === 'SERVICE_UNAVAILABLE');
}

/** Every error's outcome is "none" (nothing changed). */
export function outcomeNone(c: Call): boolean {
  return c.outcomes.length > 0 && c.outcomes.every((outcome) => outcome === 'none');
}

export interface Loop {
  /** Stops after the iteration in flight; resolves when it has. */
  stop(): Promise<void>;
  readonly iterations: number;
}

/**
 * Runs `step` again and again, `pauseMs` apart, until `stop()` or `hardDeadlineMs` (a loop a
 * failing test forgets to stop still ends). A step that throws stops the loop and fails `stop()`.
 */
export function loop(step: (iteration: number) => Promise<void>, pauseMs: number, hardDeadlineMs = 60_000): Loop {
  let stopped = false;
  let iterations = 0;
  const deadline = Date.now() + hardDeadlineMs;
  const running = (async () => {
    while (!stopped && Date.now() < deadline) {
      await step(iterations++);
      if (pauseMs > 0) await sleep(pauseMs);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await running;
    },
    get iterations() {
      return iterations;
    },
  };
}

export interface Sample {
  at: number;
  status: number | null;
  ms: number;
  error: string | null;
}

/** GET `origin + path`, bounded; never throws. */
export async function get(origin: string, path: string, timeoutMs = 5_000): Promise<Sample> {
  const at = Date.now();
  const t0 = performance.now();
  try {
    const response = await fetch(`${origin}${path}`, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return { at, status: response.status, ms: performance.now() - t0, error: null };
  } catch (error) {
    return { at, status: null, ms: performance.now() - t0, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Samples `path` every `intervalMs` until stopped: the samples so far are in `samples`. */
export function sampler(origin: string, path: string, intervalMs = 100): Loop & { samples: Sample[] } {
  const samples: Sample[] = [];
  const inner = loop(async () => void samples.push(await get(origin, path)), intervalMs);
  return Object.assign(inner, { samples });
}

/** Polls until `probe` answers a Call that is ok; answers every call made, and how long it took. */
export async function untilOk(probe: () => Promise<Call>, timeoutMs: number, pauseMs = 100): Promise<{ ok: boolean; ms: number; calls: Call[] }> {
  const started = performance.now();
  const calls: Call[] = [];
  for (;;) {
    const c = await probe();
    calls.push(c);
    if (c.ok) return { ok: true, ms: performance.now() - started, calls };
    if (performance.now() - started > timeoutMs) return { ok: false, ms: performance.now() - started, calls };
    await sleep(pauseMs);
  }
}

/** Like waitFor, but answers the milliseconds it took, or null at the deadline (never throws on timeout). */
export async function timeUntil(probe: () => boolean | Promise<boolean>, timeoutMs: number, pauseMs = 50): Promise<number | null> {
  const started = performance.now();
  for (;;) {
    if (await probe()) return performance.now() - started;
    if (performance.now() - started > timeoutMs) return null;
    await sleep(pauseMs);
  }
}

/** One call on one line: `createTask key=k 200 INTERNAL_SERVER_ERROR outcome=- 128 ms`. */
export function describeCall(c: Call): string {
  const result = c.ok ? 'ok' : c.transportError ? `transport error: ${c.transportError}` : c.codes.join(',');
  const outcome = c.outcomes.length ? ` outcome=${c.outcomes.map((o) => o ?? '-').join(',')}` : '';
  const retry = c.retryAfter ? ` retry-after=${c.retryAfter}` : '';
  return `${c.label}${c.key ? ` key=${c.key}` : ''} ${c.status ?? '-'} ${result}${outcome}${retry} ${c.ms.toFixed(0)} ms`;
}
