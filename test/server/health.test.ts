import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTarget, type OpenedDatabase } from '../helpers/databases.js';
import { runsOn } from '../helpers/targets.js';
import { as } from './helpers/client.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

const get = (url: string) => fetch(url, { signal: AbortSignal.timeout(10_000) });

describe.runIf(runsOn('embedded'))('/health and /ready', () => {
  let db: OpenedDatabase;
  let server: TestServer;
  const queries: string[] = [];
  beforeAll(async () => {
    db = await openTarget('embedded', { onQuery: (sql) => void queries.push(sql) });
    server = await startTestServer({ agentStack: db.agentStack, database: db.sql });
  });
  afterAll(async () => {
    await server?.close();
    await db?.close(); // idempotent: the last test closed it already
  });

  it('/health answers without identity or database', async () => {
    const response = await get(`${server.origin}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    queries.length = 0;
    await get(`${server.origin}/health`);
    expect(queries).toEqual([]);
  });

  it('/ready answers 200 while the database answers', async () => {
    const response = await get(`${server.origin}/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready', database: 'ok' });
  });

  it('/ready answers 503 once the database is gone, while /health stays 200', async () => {
    await db.close();
    const ready = await get(`${server.origin}/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'unavailable', database: 'unreachable' });
    expect((await get(`${server.origin}/health`)).status).toBe(200);
  });

  it('masks the failure of a query on a closed database as INTERNAL_SERVER_ERROR', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...as('did:coinpay:user:reader') },
      body: JSON.stringify({ query: '{ task(id: "t") { id } }' }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors.map((error) => [error.message, error.extensions.code])).toEqual([
      ['Internal server error', 'INTERNAL_SERVER_ERROR'],
    ]);
    expect(server.loggedErrors.length).toBeGreaterThan(0);
  });
});
