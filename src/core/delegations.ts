import type { Agents } from './agents.js';
import { BadUserInputError, ConflictError, NotFoundError } from './errors.js';
import type { GrantEventDraft } from './events.js';
import { grantAllows, isGrantHonoured } from './grant-rules.js';
import { parseDelegateInput, parseDelegationFilter, parseGrantPage, type ParsedDelegationFilter } from './inputs.js';
import { pageFlags, pageOfSorted } from './paging.js';
import type { Resource } from './policy.js';
import { callerOf, Judge, type Runtime } from './runtime.js';
import { MAX_EVENTS_PER_WRITE } from './store.js';
import type {
  CallOptions,
  DelegateInput,
  DelegationFilter,
  DelegationGrant,
  GrantPageQuery,
  GrantPageRequest,
  GrantRelation,
  Page,
} from './types.js';
import { requireDid, requireId, requireInstant, requireScope } from './validation.js';

/**
 * Delegation grants: an owner authorizes an agent for scopes, optionally until an expiry,
 * revocably; an agent holding `agents:delegate` may pass a narrower part of its grant on
 * (attenuated sub-delegation). A grant is honoured while it and every grant above it is active
 * (grant-rules.ts): that is what "active" means everywhere here.
 */
export class Delegations {
  constructor(
    private readonly runtime: Runtime,
    private readonly agents: Agents,
  ) {}

  async grant(input: DelegateInput, options: CallOptions): Promise<DelegationGrant> {
    const request = parseDelegateInput(input);
    const judge = new Judge(this.runtime, callerOf(options));
    const at = this.runtime.timestamp();
    const parent = request.parentGrantId === null ? null : await this.requireGrant(request.parentGrantId);
    // A sub-grant without an expiry lasts as long as its parent, not longer.
    const expiresAt = request.expiresAt ?? parent?.expiresAt ?? null;
    const grant: DelegationGrant = {
      id: this.runtime.newId('grant'),
      ownerDid: request.ownerDid,
      agentDid: request.agentDid,
      grantorDid: judge.caller.did ?? request.ownerDid,
      scopes: request.scopes,
      expiresAt,
      createdAt: at,
      revokedAt: null,
      parentGrantId: request.parentGrantId,
    };
    // Who may grant is judged first: a caller who may not learns nothing about the parent grant.
    await judge.authorize('delegation.grant', { kind: 'grant', current: null, next: grant, parent });
    if (expiresAt !== null && expiresAt <= at) throw new BadUserInputError(`expiresAt ${expiresAt} is not in the future`);
    await this.agents.requireExists(request.agentDid);
    const event = await this.runtime.store.insertGrant(grant, this.draft('delegation.granted', grant, judge, at));
    this.runtime.emit(event);
    return grant;
  }

  /**
   * Revokes a grant and, in the same transaction, every grant delegated from it, transitively,
   * each with its own event. Of concurrent revocations of one grant exactly one lands.
   */
  async revoke(grantId: string, options: CallOptions): Promise<DelegationGrant> {
    const id = requireId('grantId', grantId);
    const judge = new Judge(this.runtime, callerOf(options));
    const [current, ...descendants] = await this.runtime.store.listGrantTree(id);
    if (!current) throw new NotFoundError(`Unknown delegation grant: ${id}`);
    const at = this.runtime.timestamp();
    const revoked = (grant: DelegationGrant): DelegationGrant => ({ ...grant, revokedAt: at });
    await judge.authorize('delegation.revoke', { kind: 'grant', current, next: revoked(current) });
    if (current.revokedAt !== null) throw new ConflictError(`Delegation grant ${id} is already revoked`);
    const revocations = [current, ...descendants.filter((grant) => grant.revokedAt === null)].map((grant) => ({
      grant: revoked(grant),
      event: this.draft('delegation.revoked', revoked(grant), judge, at),
    }));
    if (revocations.length > MAX_EVENTS_PER_WRITE) {
      throw new ConflictError(
        `Revoking delegation grant ${id} would revoke ${revocations.length} grants at once, more than ${MAX_EVENTS_PER_WRITE}; ` +
          'revoke some of the grants delegated from it first',
      );
    }
    const events = await this.runtime.store.revokeGrants(revocations);
    // Someone revoked it between our read and our write: the outcome they asked for holds.
    if (!events) throw new ConflictError(`Delegation grant ${id} is already revoked`);
    for (const event of events) this.runtime.emit(event);
    return revocations[0]!.grant;
  }

  /** Batch lookup: answers in the order asked, null for unknown ids (and for what the caller may not see). */
  async get(ids: readonly string[], options: CallOptions): Promise<(DelegationGrant | null)[]> {
    const judge = new Judge(this.runtime, callerOf(options));
    for (const id of ids) requireId('id', id);
    return judge.visibleOrNull('delegation.read', await this.runtime.store.getGrants(ids), grantResource);
  }

  /**
   * A page of the grants by owner and/or agent, oldest first, narrowed by scope and activity. Scope
   * wildcards and the activity of a grant's ancestors are judged here, not in SQL, so the grants of
   * the owner/agent are read whole (a handful per pair, in practice) and paged after judging: pages
   * are exact, never shortened.
   */
  async list(filter: DelegationFilter, page: GrantPageRequest, options: CallOptions): Promise<Page<DelegationGrant>> {
    const checked = parseDelegationFilter(filter);
    const query = parseGrantPage(page);
    const grants = await this.runtime.store.listGrants({ ownerDid: checked.ownerDid, agentDid: checked.agentDid });
    return grantPage(await this.visibleMatching(new Judge(this.runtime, callerOf(options)), grants, checked), query);
  }

  /**
   * Each key's grants (as owner or as agent, by `by`) in one store read, in key order: the batch
   * behind `User.delegations` / `Agent.delegations`. The relation wins over the filter's value for it.
   */
  async listFor(
    by: GrantRelation,
    keys: readonly string[],
    filter: DelegationFilter,
    page: GrantPageRequest,
    options: CallOptions,
  ): Promise<Page<DelegationGrant>[]> {
    if (by !== 'ownerDid' && by !== 'agentDid') throw new BadUserInputError(`Cannot list grants by ${String(by)}`);
    for (const key of keys) requireDid(by, key, by === 'agentDid' ? 'agent' : undefined);
    const checked = parseDelegationFilter({ ...filter, [by]: null });
    const query = parseGrantPage(page);
    if (keys.length === 0) return [];
    const judge = new Judge(this.runtime, callerOf(options));
    const other = by === 'ownerDid' ? { agentDid: checked.agentDid } : { ownerDid: checked.ownerDid };
    const lists = await this.runtime.store.listGrantsFor(by, keys, other);
    return Promise.all(lists.map(async (grants) => grantPage(await this.visibleMatching(judge, grants, checked), query)));
  }

  /** Is the grant honoured at `at` (default: now, by this AgentStack's clock): it and every grant above it active? */
  isActive(grant: DelegationGrant, at?: string | Date | null): Promise<boolean> {
    const when = at == null ? this.runtime.now() : new Date(requireInstant('at', at));
    return isGrantHonoured(grant, when, (id) => this.lookup(id));
  }

  /**
   * Does `agentDid` hold an honoured grant from `ownerDid` that allows `scope` at `at` (default:
   * now)? Only the owner and the agent concerned may ask.
   */
  async has(ownerDid: string, agentDid: string, scope: string, at: string | Date | null | undefined, options: CallOptions): Promise<boolean> {
    const owner = requireDid('ownerDid', ownerDid);
    const agent = requireDid('agentDid', agentDid);
    const checkedScope = requireScope(scope);
    const when = at == null ? this.runtime.now() : new Date(requireInstant('at', at));
    await new Judge(this.runtime, callerOf(options)).authorize('delegation.check', { kind: 'grants-between', ownerDid: owner, agentDid: agent });
    const grants = await this.runtime.store.listGrants({ ownerDid: owner, agentDid: agent });
    for (const grant of grants) {
      if (grantAllows(grant, checkedScope) && (await isGrantHonoured(grant, when, (id) => this.lookup(id)))) return true;
    }
    return false;
  }

  private async visibleMatching(judge: Judge, grants: DelegationGrant[], filter: ParsedDelegationFilter): Promise<DelegationGrant[]> {
    const { scope, activeAt } = filter;
    const matching: DelegationGrant[] = [];
    for (const grant of grants) {
      if (scope !== null && !grantAllows(grant, scope)) continue;
      if (activeAt !== null && !(await isGrantHonoured(grant, activeAt, (id) => this.lookup(id)))) continue;
      matching.push(grant);
    }
    return judge.visibleOnly('delegation.read', matching, grantResource);
  }

  private async requireGrant(id: string): Promise<DelegationGrant> {
    const grant = await this.lookup(id);
    if (!grant) throw new NotFoundError(`Unknown delegation grant: ${id}`);
    return grant;
  }

  private async lookup(id: string): Promise<DelegationGrant | null> {
    return (await this.runtime.store.getGrants([id]))[0] ?? null;
  }

  private draft(type: GrantEventDraft['type'], grant: DelegationGrant, judge: Judge, at: string): GrantEventDraft {
    return { type, occurredAt: at, actorDid: judge.caller.did, actorApp: judge.caller.app ?? null, grant };
  }
}

function grantResource(grant: DelegationGrant): Resource {
  return { kind: 'grant', current: grant };
}

/** A page of grants already in creation order (the store's), by their keyset. */
function grantPage(grants: DelegationGrant[], query: GrantPageQuery): Page<DelegationGrant> {
  const page = pageOfSorted(grants, query, (grant, key) => compareText(grant.createdAt, key.createdAt) || compareText(grant.id, key.id));
  return { items: page.items, ...pageFlags(query, page.more) };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
