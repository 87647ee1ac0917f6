import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCountedDatabase, type CountedDatabase } from './helpers/counted-database.js';
import { startTestServer, type TestServer } from './helpers/test-server.js';

const get = (url: string) => fetch(url, { signal: AbortSignal.timeout(10_000) });

describe('/health and /ready', () => {
  let db: CountedDatabase;
  let server: TestServer;
  beforeAll(async () => {
    db = await openCountedDatabase('health');
    server = await startTestServer({ agentStack: db.agentStack, database: db.database });
  });
  afterAll(async () => {
    await server?.close();
    await db?.close(); // idempotent: the last test closed it already
  });

  it('/health answers without identity or database', async () => {
    const response = await get(`${server.origin}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    db.reset();
    await get(`${server.origin}/health`);
    expect(db.queries).toEqual([]);
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
      headers: { 'content-type': 'application/json' },
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
