/**
 * Fault (d): subscribers follow `Subscription.events` while mutations run and the database
 * restarts (pg_ctl restart), then stays down for a moment (stop, start). Whenever a stream ends
 * (an error with `extensions.resumeAfter`, a completion, a refusal) or its socket drops, the
 * subscriber subscribes again with `after` = the last cursor it received, retrying until the
 * server accepts. At the end each has received exactly the events of the log, in order: no loss,
 * no duplicate. One subscriber is left alone (it only resubscribes when the server ends its
 * stream); the other also has its connection cut from the client's side, once while the database
 * is up and once while it is down, so resubscribing and catching up are exercised every run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREATE_TASK, EVENTS_PAGE, taskInput } from './operations.js';
import { call, describeCall, loop, summarize, timeUntil, type Call } from './probes.js';
import { ResumingSubscriber } from './subscriber.js';
import { FAULTS_ENABLED, serverAlive, startWorld, type FaultWorld } from './world.js';

const OWNER = 'did:coinpay:user:resume-owner';
const CATCH_UP_BOUND_MS = 20_000;

interface Observed {
  /** The owner's event sequences in the log after the starting cursor, in order (SQL). */
  log: number[];
  /** The same, paged through Query.events after recovery. */
  paged: number[] | null;
  pagedCalls: Call[];
  passive: ResumingSubscriber;
  cut: ResumingSubscriber;
  writes: Call[];
  caughtUp: { passive: boolean; cut: boolean };
  alive: boolean;
}

describe.runIf(FAULTS_ENABLED)('fault (d): subscribers resume by cursor across database restarts', () => {
  let world: FaultWorld;
  let observed: Observed;

  beforeAll(async () => {
    world = await startWorld();
    const { server, cluster } = world;
    const headers = await server.as(OWNER);
    const logOf = async () =>
      (await cluster.sql<{ s: string }>(`SELECT sequence AS s FROM events WHERE owner_did = $1 AND sequence > $2 ORDER BY sequence`, [OWNER, start])).map((r) =>
        Number(r.s),
      );
    const [{ last: start }] = (await cluster.sql<{ last: string }>(`SELECT coalesce(max(sequence), 0) AS last FROM events`)) as [{ last: string }];
    const filter = { ownerDid: OWNER };
    const passive = new ResumingSubscriber(server.wsUrl, () => server.connectionParams(OWNER), start, filter);
    const cut = new ResumingSubscriber(server.wsUrl, () => server.connectionParams(OWNER), start, filter);
    passive.start();
    cut.start();

    const writes: Call[] = [];
    const okWrites = (since: number) => writes.filter((c) => c.ok && c.started >= since).length;
    const writer = loop(async (i) => {
      const key = `resume-${i}`;
      writes.push(await call(server.url, 'createTask', CREATE_TASK, taskInput(OWNER, key), headers, { write: true, key }));
    }, 30);
    try {
      // Events flow; the cut subscriber loses its connection once while all is well.
      await timeUntil(() => okWrites(0) >= 10 && passive.received.length >= 5, 10_000);
      await timeUntil(() => cut.drop(), 5_000, 20);
      await timeUntil(() => okWrites(0) >= 20, 10_000);

      // pg_ctl restart -m fast under load.
      await cluster.restart();
      const restarted = Date.now();
      await timeUntil(() => okWrites(restarted) >= 10, 15_000);

      // Down for a moment; the cut subscriber loses its connection meanwhile and must resubscribe
      // while the database cannot answer.
      await cluster.stop();
      await timeUntil(() => cut.drop(), 3_000, 20);
      await timeUntil(() => cut.ends.some((e) => e.kind === 'refused' || e.kind === 'error-result') || cut.attempts >= 6, 3_000, 50);
      await cluster.start();
      const started = Date.now();
      await timeUntil(() => okWrites(started) >= 10, 15_000);
      await writer.stop();

      // Both catch up with everything the log holds now.
      const log = await logOf();
      const final = log.at(-1) ?? Number(start);
      const caughtUp = {
        passive: await passive.waitForCursor(final, CATCH_UP_BOUND_MS).then(() => true, () => false),
        cut: await cut.waitForCursor(final, CATCH_UP_BOUND_MS).then(() => true, () => false),
      };
      await Promise.all([passive.stop(), cut.stop()]);

      // The reference read once more through the API.
      const pagedCalls: Call[] = [];
      let paged: number[] | null = [];
      for (let after: string | null = start, pages = 0; pages < 100; pages++) {
        const page = await call(server.url, 'events', EVENTS_PAGE, { after, first: 50, filter }, headers);
        pagedCalls.push(page);
        if (!page.ok) {
          paged = null;
          break;
        }
        type Page = { agentStackEvents: { edges: { node: { cursor: string } }[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } } };
        const body = (page.data as Page).agentStackEvents;
        paged.push(...body.edges.map((edge) => Number(edge.node.cursor)));
        if (!body.pageInfo.hasNextPage) break;
        after = body.pageInfo.endCursor;
      }
      observed = { log: await logOf(), paged, pagedCalls, passive, cut, writes, caughtUp, alive: serverAlive(world) };
    } finally {
      await writer.stop();
      await Promise.all([passive.stop(), cut.stop()]);
    }
    const report = (name: string, s: ResumingSubscriber) =>
      `${name}: ${s.received.length} received over ${s.attempts} subscriptions (${s.drops} cut by the test); ends: ${s.ends
        .map((e) => `${e.kind}${e.codes.length ? ` ${e.codes.join(',')}` : ''}${e.resumeAfter ? ` resumeAfter=${e.resumeAfter}` : ''} (last ${e.lastReceived}) ${e.kind === 'closed' ? e.detail : ''}`)
        .join('; ')}`;
    const unexpected = world.unexpectedErrors();
    console.log(
      (unexpected.length ? `[faults] the server logged for its INTERNAL_SERVER_ERRORs:\n${unexpected.join('\n')}\n` : '') +
      `[faults/resume] ${observed.log.length} events in the log; writes:\n${summarize(observed.writes)}\n${report('passive', observed.passive)}\n${report('cut', observed.cut)}`,
    );
  }, 150_000);

  afterAll(async () => {
    await world?.close();
  }, 60_000);

  const cursors = (s: ResumingSubscriber) => s.received.map((r) => Number(r.cursor));
  const diff = (got: number[], want: number[]) => {
    const seen = new Set<number>();
    const duplicates = got.filter((c) => (seen.has(c) ? true : (seen.add(c), false)));
    const wanted = new Set(want);
    return {
      missing: want.filter((c) => !seen.has(c)),
      duplicates,
      extra: [...seen].filter((c) => !wanted.has(c)),
      outOfOrder: got.filter((c, i) => i > 0 && c <= got[i - 1]!).length,
    };
  };

  it('ran through real outages with events before, during and after (the scenario is real)', () => {
    expect(observed.log.length).toBeGreaterThanOrEqual(40);
    expect(observed.writes.some((c) => !c.ok)).toBe(true);
    expect(observed.cut.drops).toBe(2);
    expect(observed.cut.attempts).toBeGreaterThanOrEqual(3);
    expect(observed.alive, world.logs()).toBe(true);
  });

  it('delivers to the subscriber left alone exactly the events of the log, in order, across the restarts', () => {
    expect(observed.caughtUp.passive, `it never caught up; ends: ${JSON.stringify(observed.passive.ends)}`).toBe(true);
    expect(diff(cursors(observed.passive), observed.log)).toEqual({ missing: [], duplicates: [], extra: [], outOfOrder: 0 });
    expect(cursors(observed.passive)).toEqual(observed.log);
  });

  it('delivers to the subscriber whose connection was cut exactly the events of the log, in order, once it resubscribed after its last cursor', () => {
    expect(observed.caughtUp.cut, `it never caught up; ends: ${JSON.stringify(observed.cut.ends)}`).toBe(true);
    expect(diff(cursors(observed.cut), observed.log)).toEqual({ missing: [], duplicates: [], extra: [], outOfOrder: 0 });
    expect(cursors(observed.cut)).toEqual(observed.log);
  });

  it('ends a stream only with a resumeAfter that is the last cursor the subscriber received', () => {
    const ends = [...observed.passive.ends, ...observed.cut.ends].filter((e) => e.kind === 'error-result');
    const wrong = ends.filter((e) => e.resumeAfter === null || e.resumeAfter !== e.lastReceived);
    expect(wrong).toEqual([]);
  });

  it('never answers a subscription with INTERNAL_SERVER_ERROR; refusals while the database is down are SERVICE_UNAVAILABLE', () => {
    const ends = [...observed.passive.ends, ...observed.cut.ends];
    expect(ends.filter((e) => e.codes.includes('INTERNAL_SERVER_ERROR'))).toEqual([]);
    const refused = ends.filter((e) => e.kind === 'refused');
    expect(refused.filter((e) => !e.codes.every((code) => code === 'SERVICE_UNAVAILABLE'))).toEqual([]);
    expect(ends.filter((e) => e.kind === 'closed' && !/4499|Terminated/i.test(e.detail))).toEqual([]);
  });

  it('pages the same events through Query.events after the restarts', () => {
    expect(observed.paged, observed.pagedCalls.map(describeCall).join('\n')).not.toBeNull();
    expect(observed.paged).toEqual(observed.log);
  });
});
