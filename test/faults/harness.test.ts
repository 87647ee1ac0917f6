/**
 * The fault suite's harness itself: a throwaway cluster of its own (never the shared 5432), the
 * real server process on it, sabotage sessions that the terminate query spares, and nothing
 * left behind (no postgres of ours running, no directory) once it is destroyed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/wait.js';
import { SABOTAGE_APPLICATION_NAME } from './cluster.js';
import { call, get } from './probes.js';
import { CREATE_TASK, READ_AGENT, REGISTER_AGENT, taskInput } from './operations.js';
import { FAULTS_ENABLED, startWorld, type FaultWorld } from './world.js';

const OWNER = 'did:coinpay:user:harness-owner';
const AGENT = 'did:coinpay:agent:harness-agent';

/** Processes whose command line mentions `dir` (a cluster's temporary directory). */
function processesUsing(dir: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes(dir) && !line.includes('agentstack-faults-guardian'));
}

describe.runIf(FAULTS_ENABLED)('fault-suite harness: a throwaway PostgreSQL cluster and the real server process', () => {
  let world: FaultWorld;
  beforeAll(async () => {
    world = await startWorld();
  }, 90_000);
  afterAll(async () => {
    await world?.close();
  }, 60_000);

  it('runs its own cluster on a loopback port of its own, as the postgres user when root', async () => {
    expect(world.cluster.port).not.toBe(5432);
    expect(world.cluster.url()).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/agentstack$/);
    const [row] = await world.cluster.sql<{ version: string; user: string; listen: string }>(
      `SELECT current_setting('server_version') AS version, current_user AS user, current_setting('listen_addresses') AS listen`,
    );
    expect(row?.version).toMatch(/^\d+/);
    expect(row?.listen).toBe('127.0.0.1');
    expect(processesUsing(world.cluster.dir).length).toBeGreaterThan(0);
  });

  it('serves the real server process on it, in production mode with bearer tokens', async () => {
    expect(world.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    expect((await get(world.server.origin, '/health')).status).toBe(200);
    expect((await get(world.server.origin, '/ready')).status).toBe(200);
    // Production: the bare identity header is ignored, a token is needed.
    const anonymous = await call(world.server.url, 'createTask', CREATE_TASK, taskInput(OWNER, 'anon'), { 'x-agentstack-did': OWNER }, { write: true });
    expect(anonymous.codes).toEqual(['UNAUTHENTICATED']);
    const headers = await world.server.as(OWNER);
    const registered = await call(
      world.server.url,
      'registerAgent',
      REGISTER_AGENT,
      { input: { did: AGENT, ownerDid: OWNER, name: 'Harness', sourceApp: 'faults' } },
      headers,
      { write: true },
    );
    expect(registered.ok, JSON.stringify(registered.errors)).toBe(true);
    const created = await call(world.server.url, 'createTask', CREATE_TASK, taskInput(OWNER, 'harness-1'), headers, { write: true });
    expect(created.ok, JSON.stringify(created.errors)).toBe(true);
    const read = await call(world.server.url, 'agent', READ_AGENT, { did: AGENT }, headers);
    expect(read.data).toEqual({ agent: { did: AGENT, name: 'Harness' } });
    const rows = await world.cluster.sql<{ n: string }>(`SELECT count(*) AS n FROM tasks WHERE idempotency_key = 'harness-1'`);
    expect(rows[0]?.n).toBe('1');
  });

  it('terminates the server\'s sessions (its LISTEN connection included) and spares its own', async () => {
    const saboteur = await world.cluster.session();
    try {
      const before = await world.cluster.serverBackends();
      expect(before.some((backend) => backend.application_name === 'agentstack-events-listener')).toBe(true);
      expect(await world.cluster.terminateServerBackends()).toBe(before.length);
      const { rows } = await saboteur.query<{ name: string }>('SELECT current_setting($1) AS name', ['application_name']);
      expect(rows[0]?.name).toBe(SABOTAGE_APPLICATION_NAME);
    } finally {
      await saboteur.end();
    }
  });

  it('stops, starts and restarts the cluster; destroy leaves nothing running and no directory', async () => {
    await world.cluster.stop();
    expect(processesUsing(world.cluster.dir)).toEqual([]);
    await world.cluster.start();
    await world.cluster.restart();
    await waitFor('the server to answer /ready 200 again', async () => (await get(world.server.origin, '/ready')).status === 200, 15_000, 100);
    await world.close();
    expect(world.server.exit()).not.toBeNull();
    expect(processesUsing(world.cluster.dir)).toEqual([]);
    expect(existsSync(world.cluster.dir)).toBe(false);
  }, 60_000);
});
