/**
 * Database failures that pass become SERVICE_UNAVAILABLE (retried first where safe), and every
 * pooled session is bounded: on real PostgreSQL, with the store's own connections cut by
 * pg_terminate_backend and a table locked by another session. The rules themselves
 * (src/store/failures.ts) are checked directly first.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentStack, ServiceUnavailableError } from '../../src/core/index.js';
import { readWithRetry, transientKind, writeWithRetry } from '../../src/store/failures.js';
import { openDatabase, type Database } from '../../src/store/index.js';
import { initOrm } from '../../src/store/orm.js';
import { uniqueSchema } from '../helpers/databases.js';
import { POSTGRES_URL, runsOn } from '../helpers/targets.js';

const OWNER = 'did:coinpay:user:failures-owner';
const AGENT = 'did:coinpay:agent:failures-agent';

/** An error as the driver raises it: a SQLSTATE (`code`), a socket code, or only a message. */
function driverError(code: string | null, message = 'failure'): Error {
  return Object.assign(new Error(message), code === null ? {} : { code });
}

describe('which failures pass (failures.ts)', () => {
  it.each([
    ['57P01', 'connection'],
    ['57P03', 'connection'],
    ['08006', 'connection'],
    ['ECONNREFUSED', 'connection'],
    ['ECONNRESET', 'connection'],
    ['40001', 'conflict'],
    ['40P01', 'conflict'],
    ['57014', 'timeout'],
    ['55P03', 'timeout'],
    ['25P03', 'timeout'],
    ['53300', 'capacity'],
  ])('%s is a %s failure', (code, kind) => {
    expect(transientKind(driverError(code))).toBe(kind);
  });

  it('knows the driver\'s code-less connection failures and knex\'s pool timeout', () => {
    expect(transientKind(driverError(null, 'Connection terminated unexpectedly'))).toBe('connection');
    expect(transientKind(driverError(null, 'COMMIT; - Client has encountered a connection error and is not queryable'))).toBe('connection');
    expect(transientKind(driverError(null, 'Transaction query already complete, run with DEBUG=knex:tx for more info'))).toBe('connection');
    expect(transientKind(Object.assign(new Error('Knex: Timeout acquiring a connection'), { name: 'KnexTimeoutError' }))).toBe('timeout');
  });

  it('leaves bugs alone: a unique violation, a syntax error, a plain error', () => {
    for (const error of [driverError('23505'), driverError('42601'), new Error('boom'), 'not an error']) expect(transientKind(error)).toBeNull();
  });

  it('retries a read cut off by a dead connection, and answers', async () => {
    let attempts = 0;
    const answer = await readWithRetry(async () => {
      if (++attempts < 3) throw driverError('57P01');
      return 'rows';
    });
    expect([answer, attempts]).toEqual(['rows', 3]);
  });

  it('gives up after the last attempt with SERVICE_UNAVAILABLE (outcome none), and never retries a timeout', async () => {
    let attempts = 0;
    const dead = readWithRetry(async () => {
      attempts++;
      throw driverError('ECONNREFUSED');
    });
    await expect(dead).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', extensions: { outcome: 'none' } });
    expect(attempts).toBe(3);
    attempts = 0;
    await expect(readWithRetry(async () => (attempts++, Promise.reject(driverError('57014'))))).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(attempts).toBe(1);
  });

  it('passes a bug through unchanged', async () => {
    const bug = driverError('23505');
    await expect(readWithRetry(async () => Promise.reject(bug))).rejects.toBe(bug);
  });

  it('retries a write that failed before COMMIT; a connection lost during COMMIT is an unknown outcome, never retried', async () => {
    let attempts = 0;
    const written = await writeWithRetry(async () => {
      if (++attempts === 1) throw driverError('40P01'); // a deadlock victim: rolled back
      return 'event';
    });
    expect([written, attempts]).toEqual(['event', 2]);

    attempts = 0;
    const lost = writeWithRetry(async (committing) => {
      attempts++;
      committing();
      throw driverError(null, 'COMMIT; - Connection terminated unexpectedly');
    });
    await expect(lost).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', extensions: { outcome: 'unknown' } });
    expect(attempts).toBe(1);

    // The server answered COMMIT with an error: it did not commit.
    const refused = writeWithRetry(async (committing) => {
      committing();
      throw driverError('55P03');
    });
    await expect(refused).rejects.toMatchObject({ extensions: { outcome: 'none' } });
  });
});

describe.runIf(runsOn('postgres'))('the store on real PostgreSQL when the database misbehaves', () => {
  const application = `agentstack_failures_${randomBytes(4).toString('hex')}`;
  let database: Database;
  let agentStack: AgentStack;
  let admin: pg.Client;
  const schema = uniqueSchema('failures');

  /** Cuts every connection of the store (both pools), as a restart or an administrator would. */
  async function terminateOurBackends(): Promise<number> {
    const { rows } = await admin.query<{ count: string }>(
      'SELECT count(pg_terminate_backend(pid)) AS count FROM pg_stat_activity WHERE application_name = $1',
      [application],
    );
    return Number(rows[0]!.count);
  }

  beforeAll(async () => {
    database = await openDatabase({
      databaseUrl: POSTGRES_URL!,
      applicationName: application,
      schema,
      poolSize: 2,
      readPoolSize: 2,
      timeouts: { lockMs: 300, statementMs: 2_000, acquireMs: 400, idleInTransactionMs: 5_000 },
    });
    agentStack = new AgentStack({ store: database.store });
    admin = new pg.Client({ connectionString: POSTGRES_URL! });
    await admin.connect();
    await agentStack.registerAgent({ did: AGENT, name: 'Agent', sourceApp: 'failures' }, { actorDid: AGENT });
  });
  afterAll(async () => {
    await admin?.end();
    await database?.close();
  });

  it('bounds every pooled session of both pools: statement, lock and idle-in-transaction timeouts', async () => {
    const orm = await initOrm({
      clientUrl: POSTGRES_URL!,
      schema,
      poolSize: 1,
      readPoolSize: 1,
      timeouts: { lockMs: 300, statementMs: 2_000, acquireMs: 400, idleInTransactionMs: 5_000 },
      onQuery: undefined,
    });
    try {
      const sql = `SELECT current_setting('statement_timeout') AS statement, current_setting('lock_timeout') AS lock,
                          current_setting('idle_in_transaction_session_timeout') AS idle`;
      for (const pool of ['write', 'read'] as const) {
        expect(await orm.em.getConnection(pool).execute(sql)).toEqual([{ statement: '2s', lock: '300ms', idle: '5s' }]);
      }
      expect(orm.em.getConnection('read')).not.toBe(orm.em.getConnection('write'));
    } finally {
      await orm.close(true);
    }
  });

  it('reads and writes go on after every connection was cut (dead pooled connections are retried on fresh ones)', async () => {
    await agentStack.listAgents({}, {}, { actorDid: OWNER }); // connections in both pools
    await agentStack.createTask({ ownerDid: OWNER, sourceApp: 'failures', title: 'before' }, { actorDid: OWNER });
    expect(await terminateOurBackends()).toBeGreaterThan(0);
    const agents = await agentStack.listAgents({}, {}, { actorDid: OWNER });
    expect(agents.items.map((agent) => agent.did)).toContain(AGENT);
    expect(await terminateOurBackends()).toBeGreaterThan(0);
    const task = await agentStack.createTask({ ownerDid: OWNER, sourceApp: 'failures', title: 'after' }, { actorDid: OWNER });
    expect(task.title).toBe('after');
  });

  it('a write waiting on a lock fails fast with SERVICE_UNAVAILABLE (lock timeout), changes nothing; reads of other tables answer meanwhile', async () => {
    const task = await agentStack.createTask({ ownerDid: OWNER, sourceApp: 'failures', title: 'locked' }, { actorDid: OWNER });
    const before = await database.store.lastEventSequence();
    const locker = new pg.Client({ connectionString: database.connectionString });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query(`LOCK TABLE ${schema}.tasks IN ACCESS EXCLUSIVE MODE`);
      const started = performance.now();
      // Both writers of the pool of two wait on the lock …
      const writes = [0, 1].map(() =>
        agentStack.updateTaskStatus(task.id, 'cancelled', {}, { actorDid: OWNER }).then(
          () => null,
          (error: unknown) => error,
        ),
      );
      // … and a read of another table still answers on the read pool.
      const agents = await agentStack.listAgents({}, {}, { actorDid: OWNER });
      expect(agents.items.length).toBeGreaterThan(0);
      const failures = await Promise.all(writes);
      const elapsed = performance.now() - started;
      for (const failure of failures) expect(failure).toMatchObject({ code: 'SERVICE_UNAVAILABLE', extensions: { outcome: 'none' } });
      expect(elapsed).toBeLessThan(2_000); // the lock is held until the test lets go: only lock_timeout ended the waits
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    expect(await database.store.lastEventSequence()).toBe(before);
    const [unchanged] = await database.store.getTasks([task.id]);
    expect(unchanged?.status).toBe('pending');
  });

  it('a caller who finds every pooled connection busy waits at most the acquire timeout, then SERVICE_UNAVAILABLE', async () => {
    const task = await agentStack.createTask({ ownerDid: OWNER, sourceApp: 'failures', title: 'pool' }, { actorDid: OWNER });
    const locker = new pg.Client({ connectionString: database.connectionString });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query(`LOCK TABLE ${schema}.tasks IN ACCESS EXCLUSIVE MODE`);
      const update = () => agentStack.updateTaskStatus(task.id, 'cancelled', {}, { actorDid: OWNER }).catch((error: unknown) => error);
      // Two hold the pool's two connections (waiting on the lock, 300 ms); the third cannot get one.
      const results = await Promise.all([update(), update(), update()]);
      for (const result of results) expect(result).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      expect(results.map((result) => (result as Error).message).some((message) => /did not answer in time/.test(message))).toBe(true);
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
  });
});
