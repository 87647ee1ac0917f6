/**
 * The delegation policy as a table: every operation × caller × state of the callers' grants, each
 * row through AgentStack (the policy is AgentStack's default) in a fresh world. A refused write
 * must change nothing and emit nothing; an invisible thing is null (lookups) or absent (lists).
 *
 * The whole table runs on the in-memory store; the rows whose answer depends on stored grants
 * (the granted and sub-granted callers) run on the embedded database and PostgreSQL too, where
 * the policy reads grants from the database on every call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentStack, type CallOptions, type DelegationGrant, type Store, type Task } from '../../src/core/index.js';
import { agentDid, userDid } from '../../src/core/did.js';
import { MemoryStore } from '../../src/core/memory-store.js';
import type { Database } from '../../src/store/index.js';
import { emptyTables, openEmbeddedInMemory, openPostgresInFreshSchema } from '../helpers/databases.js';
import { runsOn } from '../helpers/targets.js';
import { ManualClock } from './contract.js';

const OWNER = userDid('alice');
const CAROL = userDid('carol'); // owns the assignee agent
const MALLORY = userDid('mallory');
const ASSIGNEE = agentDid('worker');
const GRANTEE = agentDid('helper');
const SUB = agentDid('subhelper');

type CallerName = 'owner' | 'assignee' | "assignee's owner" | 'granted agent' | 'sub-granted agent' | 'stranger' | 'anonymous';
const CALLERS: Record<CallerName, string | null> = {
  owner: OWNER,
  assignee: ASSIGNEE,
  "assignee's owner": CAROL,
  'granted agent': GRANTEE,
  'sub-granted agent': SUB,
  stranger: MALLORY,
  anonymous: null,
};

/**
 * The state of the grants: `granted agent` holds a root grant from the owner (`tasks:*`,
 * `agents:delegate`, expiring in an hour); `sub-granted agent` holds a sub-grant of it (`tasks:*`).
 *  - active: both honoured;
 *  - expired: the root grant has expired (the sub-grant inherited its expiry);
 *  - revoked: the sub-grant was revoked (the root grant still holds);
 *  - parent revoked: the root grant was revoked (which revokes the sub-grant with it).
 */
type GrantState = 'active' | 'expired' | 'revoked' | 'parent revoked';
const STATES: GrantState[] = ['active', 'expired', 'revoked', 'parent revoked'];

const honoured: Record<GrantState, { 'granted agent': boolean; 'sub-granted agent': boolean }> = {
  active: { 'granted agent': true, 'sub-granted agent': true },
  expired: { 'granted agent': false, 'sub-granted agent': false },
  revoked: { 'granted agent': true, 'sub-granted agent': false },
  'parent revoked': { 'granted agent': false, 'sub-granted agent': false },
};

interface World {
  stack: AgentStack;
  clock: ManualClock;
  /** queued for the assignee */
  queued: Task;
  pending: Task;
  /** published and pending */
  open: Task;
  root: DelegationGrant;
  sub: DelegationGrant;
}

/** Outcomes: `ok` (a write goes through), `visible`/`invisible` (a read), or the error code. */
type Outcome = 'ok' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'CONFLICT' | 'visible' | 'invisible';
/** `G`: ok while the caller's grants are honoured, FORBIDDEN otherwise; `GV`: visible or invisible so. */
type Expected = Outcome | 'G' | 'GV';

interface Operation {
  run(world: World, as: CallOptions): Promise<unknown>;
  /** Reads answer a value; `seen` says whether the caller saw the thing. */
  seen?: (answer: unknown) => boolean;
  expect: Record<CallerName, Expected> | ((state: GrantState) => Record<CallerName, Expected>);
}

const writes = (g: Expected, extra: Partial<Record<CallerName, Expected>> = {}): Record<CallerName, Expected> => ({
  owner: 'ok',
  assignee: 'FORBIDDEN',
  "assignee's owner": 'FORBIDDEN',
  'granted agent': g,
  'sub-granted agent': g,
  stranger: 'FORBIDDEN',
  anonymous: 'UNAUTHENTICATED',
  ...extra,
});

const OPERATIONS: Record<string, Operation> = {
  'createTask for the owner': {
    run: (w, as) => w.stack.createTask({ ownerDid: OWNER, sourceApp: 'ugig', title: 'asked for' }, as),
    expect: writes('G'),
  },
  'assignTask': { run: (w, as) => w.stack.assignTask(w.pending.id, ASSIGNEE, as), expect: writes('G') },
  'publishTask': { run: (w, as) => w.stack.publishTask(w.pending.id, 'gig_1', as), expect: writes('G') },
  'updateTaskStatus to RUNNING': {
    run: (w, as) => w.stack.updateTaskStatus(w.queued.id, 'running', {}, as),
    expect: writes('G', { assignee: 'ok' }),
  },
  'updateTaskStatus to CANCELLED': { run: (w, as) => w.stack.updateTaskStatus(w.queued.id, 'cancelled', {}, as), expect: writes('G') },
  'claimTask for the assignee': {
    run: (w, as) => w.stack.claimTask(w.open.id, ASSIGNEE, as),
    expect: writes('FORBIDDEN', { owner: 'FORBIDDEN', assignee: 'ok', "assignee's owner": 'ok' }),
  },
  'delegate (a root grant)': {
    run: (w, as) => w.stack.delegate({ ownerDid: OWNER, agentDid: ASSIGNEE, scopes: ['tasks:read'] }, as),
    expect: writes('FORBIDDEN'),
  },
  'delegate (a sub-grant of the root grant)': {
    run: (w, as) => w.stack.delegate({ ownerDid: OWNER, agentDid: ASSIGNEE, scopes: ['tasks:read'], parentGrantId: w.root.id }, as),
    expect: (state) => writes('FORBIDDEN', { owner: 'FORBIDDEN', 'granted agent': honoured[state]['granted agent'] ? 'ok' : 'FORBIDDEN' }),
  },
  'revokeDelegation (the sub-grant)': {
    run: (w, as) => w.stack.revokeDelegation(w.sub.id, as),
    // The owner and the grantor may; a grant already revoked is then CONFLICT.
    expect: (state) => {
      const allowed: Expected = state === 'revoked' || state === 'parent revoked' ? 'CONFLICT' : 'ok';
      return writes('FORBIDDEN', { owner: allowed, 'granted agent': allowed });
    },
  },
  'hasDelegation (owner, granted agent)': {
    run: (w, as) => w.stack.hasDelegation(OWNER, GRANTEE, 'tasks:create', null, as),
    expect: writes('FORBIDDEN', { 'granted agent': 'ok' }),
  },
  'registerAgent (update the assignee)': {
    run: (w, as) => w.stack.registerAgent({ did: ASSIGNEE, name: 'Renamed', sourceApp: 'build' }, as),
    expect: writes('FORBIDDEN', { owner: 'FORBIDDEN', assignee: 'ok', "assignee's owner": 'ok' }),
  },
  'getTask (queued)': {
    run: (w, as) => w.stack.getTask(w.queued.id, as),
    seen: (task) => task !== null,
    expect: reads('GV', { assignee: 'visible' }),
  },
  'listTasks (the owner\'s; is the queued one listed?)': {
    run: async (w, as) => ({ page: await w.stack.listTasks({ ownerDid: OWNER }, {}, as), queued: w.queued.id }),
    seen: (answer) => {
      const { page, queued } = answer as { page: { items: Task[] }; queued: string };
      return page.items.some((task) => task.id === queued);
    },
    expect: reads('GV', { assignee: 'visible' }),
  },
  'getTask (published, pending)': {
    run: (w, as) => w.stack.getTask(w.open.id, as),
    seen: (task) => task !== null,
    expect: reads('visible', { "assignee's owner": 'visible', assignee: 'visible', stranger: 'visible' }),
  },
  'getDelegation (the sub-grant)': {
    run: (w, as) => w.stack.getDelegation(w.sub.id, as),
    seen: (grant) => grant !== null,
    expect: reads('invisible', { 'granted agent': 'visible', 'sub-granted agent': 'visible' }),
  },
  "listEvents (the queued task's)": {
    run: (w, as) => w.stack.listEvents({ taskId: w.queued.id }, {}, as),
    seen: (page) => (page as { items: unknown[] }).items.length > 0,
    expect: reads('GV', { assignee: 'visible' }),
  },
};

function reads(g: Expected, extra: Partial<Record<CallerName, Expected>> = {}): Record<CallerName, Expected> {
  return {
    owner: 'visible',
    assignee: 'invisible',
    "assignee's owner": 'invisible',
    'granted agent': g,
    'sub-granted agent': g,
    stranger: 'invisible',
    anonymous: 'invisible',
    ...extra,
  };
}

function expected(operation: Operation, caller: CallerName, state: GrantState): Outcome {
  const table = typeof operation.expect === 'function' ? operation.expect(state) : operation.expect;
  const entry = table[caller];
  if (entry !== 'G' && entry !== 'GV') return entry;
  const holds = caller === 'granted agent' || caller === 'sub-granted agent' ? honoured[state][caller] : false;
  if (entry === 'G') return holds ? 'ok' : 'FORBIDDEN';
  return holds ? 'visible' : 'invisible';
}

/** The world, built by the callers the policy allows, then put in `state`. */
async function buildWorld(store: Store, state: GrantState): Promise<World> {
  const clock = new ManualClock();
  const stack = new AgentStack({ store, now: clock.now });
  const as = (did: string) => ({ actorDid: did });
  await stack.registerAgent({ did: ASSIGNEE, ownerDid: CAROL, name: 'Worker', sourceApp: 'build' }, as(CAROL));
  await stack.registerAgent({ did: GRANTEE, name: 'Helper', sourceApp: 'build' }, as(GRANTEE));
  await stack.registerAgent({ did: SUB, name: 'Sub-helper', sourceApp: 'build' }, as(SUB));
  const root = await stack.delegate(
    { ownerDid: OWNER, agentDid: GRANTEE, scopes: ['tasks:*', 'agents:delegate'], expiresAt: '2026-01-01T01:00:00.000Z' },
    as(OWNER),
  );
  const sub = await stack.delegate({ ownerDid: OWNER, agentDid: SUB, scopes: ['tasks:*'], parentGrantId: root.id }, as(GRANTEE));
  const queued = await stack.createTask({ ownerDid: OWNER, sourceApp: 'ugig', title: 'queued', assigneeDid: ASSIGNEE }, as(OWNER));
  const pending = await stack.createTask({ ownerDid: OWNER, sourceApp: 'ugig', title: 'pending' }, as(OWNER));
  const created = await stack.createTask({ ownerDid: OWNER, sourceApp: 'ugig', title: 'open' }, as(OWNER));
  const open = await stack.publishTask(created.id, null, as(OWNER));
  clock.advance();
  if (state === 'expired') clock.set('2026-01-01T01:00:00.000Z');
  if (state === 'revoked') await stack.revokeDelegation(sub.id, as(OWNER));
  if (state === 'parent revoked') await stack.revokeDelegation(root.id, as(OWNER));
  clock.advance();
  return { stack, clock, queued, pending, open, root, sub };
}

interface Row {
  operation: string;
  caller: CallerName;
  state: GrantState;
  outcome: Outcome;
}

const ALL_ROWS: Row[] = Object.keys(OPERATIONS).flatMap((operation) =>
  (Object.keys(CALLERS) as CallerName[]).flatMap((caller) =>
    STATES.map((state) => ({ operation, caller, state, outcome: expected(OPERATIONS[operation]!, caller, state) })),
  ),
);

async function check(store: Store, row: Row): Promise<void> {
  const world = await buildWorld(store, row.state);
  const operation = OPERATIONS[row.operation]!;
  const as: CallOptions = { actorDid: CALLERS[row.caller] };
  const before = await world.stack.snapshot();
  const settled = await operation.run(world, as).then(
    (value) => ({ value, code: null as string | null }),
    (error: unknown) => ({ value: null, code: (error as { code?: string }).code ?? String(error) }),
  );
  if (row.outcome === 'visible' || row.outcome === 'invisible') {
    expect(settled.code).toBeNull();
    expect(operation.seen!(settled.value) ? 'visible' : 'invisible').toBe(row.outcome);
    return;
  }
  expect(settled.code ?? 'ok').toBe(row.outcome);
  // A refused call changes nothing and emits nothing (snapshot includes the last event's sequence).
  if (row.outcome !== 'ok') expect(await world.stack.snapshot()).toEqual(before);
}

const label = '%s by the %s (grants %s): %s';
const cases = (rows: Row[]) => rows.map((row) => [row.operation, row.caller, row.state, row.outcome, row] as const);

describe.runIf(runsOn('memory'))('the delegation policy, the whole table (in-memory store)', () => {
  it.each(cases(ALL_ROWS))(label, async (_operation, _caller, _state, _outcome, row) => {
    await check(new MemoryStore(), row);
  });
});

/**
 * On the SQL stores: the operations whose answer the stored grants decide (a write, a status change,
 * a sub-delegation, two reads), for the granted callers in every state, and the owner and a
 * stranger beside them.
 */
const SQL_OPERATIONS = [
  'createTask for the owner',
  'updateTaskStatus to RUNNING',
  'delegate (a sub-grant of the root grant)',
  'getTask (queued)',
  "listEvents (the queued task's)",
];
const GRANT_ROWS = ALL_ROWS.filter(
  (row) =>
    SQL_OPERATIONS.includes(row.operation) &&
    (row.caller === 'granted agent' || row.caller === 'sub-granted agent' || (row.state === 'active' && (row.caller === 'owner' || row.caller === 'stranger'))),
);

describe.runIf(runsOn('embedded'))('the delegation policy on the embedded database (grant-dependent rows)', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openEmbeddedInMemory();
  });
  afterAll(async () => {
    await db?.close();
  });
  it.each(cases(GRANT_ROWS))(label, async (_operation, _caller, _state, _outcome, row) => {
    await emptyTables(db);
    await check(db.store, row);
  });
});

describe.runIf(runsOn('postgres'))('the delegation policy on PostgreSQL (grant-dependent rows)', () => {
  let db: Awaited<ReturnType<typeof openPostgresInFreshSchema>>;
  beforeAll(async () => {
    db = await openPostgresInFreshSchema('policy');
  });
  afterAll(async () => {
    await db?.close();
  });
  it.each(cases(GRANT_ROWS))(label, async (_operation, _caller, _state, _outcome, row) => {
    await emptyTables(db, db.schema);
    await check(db.store, row);
  });
});
