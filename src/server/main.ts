/**
 * `npm start` / `node dist/server/main.js`: the server (serve.ts), with OpenTelemetry tracing
 * started first when OTEL_EXPORTER_OTLP_ENDPOINT is set (telemetry.ts).
 *
 * Nothing is imported statically: the instrumentations must be in place before express, pg and
 * graphql load, and the server's modules load them. With tracing off, the SDK is never imported.
 * The embedded database starts opening before the server's modules load (in a worker thread).
 */
import module from 'node:module';
import { tracingRequested } from './tracing-switch.js';

// Start-up phases (serve.ts prints them when ready): performance.now() counts from the process's start.
performance.mark('agentstack:node');
// Node ≥ 22.1 (the image): V8's compiled code of every module loaded from here on is cached on disk
// (the OS temp directory, or NODE_COMPILE_CACHE) for the next start. Node 20 has no such cache.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const tracing = tracingRequested() ? await (await import('./telemetry.js')).startTracing() : null;
await openEmbeddedDatabaseEarly();
const { serve } = await import('./serve.js');
performance.mark('agentstack:imports');
await serve(tracing);

/**
 * With the embedded database (no DATABASE_URL) and its default pool: start opening it now, in its
 * worker thread, while this thread loads the server's modules; openDatabase takes it over (with its
 * notices and any error). Anything unusual is left to serve(), which reports configuration errors.
 */
async function openEmbeddedDatabaseEarly(): Promise<void> {
  const { databaseUrlFromEnv, DEFAULT_POOL_SIZE, resolveDataDir } = await import('../store/config.js');
  if (databaseUrlFromEnv() || process.env.AGENTSTACK_DB_POOL_SIZE?.trim()) return;
  const { startEmbeddedServerEarly } = await import('../store/embedded.js');
  startEmbeddedServerEarly(resolveDataDir(undefined), DEFAULT_POOL_SIZE.embedded);
}
