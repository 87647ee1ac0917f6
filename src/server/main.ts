/**
 * `npm start` / `node dist/server/main.js`: the server (serve.ts), with OpenTelemetry tracing
 * started first when OTEL_EXPORTER_OTLP_ENDPOINT is set (telemetry.ts).
 *
 * Nothing is imported statically: the instrumentations must be in place before express, pg and
 * graphql load, and the server's modules load them. With tracing off, the SDK is never imported.
 */
import { tracingRequested } from './tracing-switch.js';

const tracing = tracingRequested() ? await (await import('./telemetry.js')).startTracing() : null;
const { serve } = await import('./serve.js');
await serve(tracing);
