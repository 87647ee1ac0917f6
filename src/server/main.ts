/**
 * `npm start` / `node dist/server/main.js`: the server (serve.ts), with OpenTelemetry tracing
 * started first when OTEL_EXPORTER_OTLP_ENDPOINT is set (telemetry.ts).
 *
 * Nothing is imported statically: the instrumentations must be in place before express, pg and
 * graphql load, and the server's modules load them. With tracing off, the SDK is never imported.
 */
import { tracingRequested } from './tracing-switch.js';

// Start-up phases (serve.ts prints them when ready): performance.now() counts from the process's start.
performance.mark('agentstack:node');
const tracing = tracingRequested() ? await (await import('./telemetry.js')).startTracing() : null;
const { serve } = await import('./serve.js');
performance.mark('agentstack:imports');
await serve(tracing);
