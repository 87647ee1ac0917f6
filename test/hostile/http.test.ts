/**
 * Every HTTP failure answers JSON in the GraphQL-over-HTTP shape, with a code and the status of
 * that code; never an HTML page, a stack trace or a file path — in development too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runsOn } from '../helpers/targets.js';
import { startTestServer, type TestServer } from '../server/helpers/test-server.js';
import { startHostileServer, type HostileServer } from './harness.js';

interface Probe {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  status: number;
  code: string;
}

const PROBES: [string, Probe][] = [
  ['malformed JSON', { method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json' }, body: '{"query": "{ __typename }"', status: 400, code: 'BAD_REQUEST' }],
  ['a body over 1 MiB', { method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ __typename } # ${'x'.repeat(1_100_000)}` }), status: 413, code: 'PAYLOAD_TOO_LARGE' }],
  ['a method GraphQL does not serve (PUT)', { method: 'PUT', path: '/graphql', headers: { 'content-type': 'application/json' }, body: '{}', status: 405, code: 'BAD_REQUEST' }],
  ['a GET without a preflight header (CSRF protection)', { method: 'GET', path: '/graphql?query=%7B__typename%7D', status: 400, code: 'BAD_REQUEST' }],
  ['a path nothing is served at', { method: 'GET', path: '/admin', status: 404, code: 'NOT_FOUND' }],
];

for (const mode of ['production', 'development'] as const) {
  describe.runIf(runsOn('memory'))(`HTTP failures are JSON (${mode})`, () => {
    let origin: string;
    let close: () => Promise<void>;
    beforeAll(async () => {
      if (mode === 'production') {
        const server: HostileServer = await startHostileServer('memory');
        origin = server.origin;
        close = () => server.close();
      } else {
        const server: TestServer = await startTestServer({ nodeEnv: 'development' });
        origin = server.origin;
        close = () => server.close();
      }
    });
    afterAll(async () => {
      await close?.();
    });

    it.each(PROBES)('%s', async (_name, probe) => {
      const response = await fetch(`${origin}${probe.path}`, {
        method: probe.method,
        headers: probe.headers ?? {},
        ...(probe.body !== undefined ? { body: probe.body } : {}),
        signal: AbortSignal.timeout(10_000),
      });
      expect(response.status).toBe(probe.status);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const text = await response.text();
      const body = JSON.parse(text) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors.map((error) => error.extensions.code)).toEqual([probe.code]);
      // No stack, no file path (production hides Apollo's stacktrace; ours never have one).
      if (mode === 'production') expect(text).not.toMatch(/stacktrace|node_modules|\.ts:\d+/);
      expect(text).not.toMatch(/<html|<!DOCTYPE/i);
    });
  });
}
